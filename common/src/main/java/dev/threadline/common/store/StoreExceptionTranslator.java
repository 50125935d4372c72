package dev.threadline.common.store;

import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoExceptionTranslator;

/**
 * Spring Data's translation, plus: a store that did not answer in time — the driver's operation timeout
 * ({@code MongoOperationTimeoutException}), no server to select, a socket that timed out or broke — is a
 * {@link DataAccessResourceFailureException}, the one type callers treat as "the store is unavailable".
 * Spring Data maps some of these already but not the operation timeout, which it leaves uncategorized.
 */
public class StoreExceptionTranslator extends MongoExceptionTranslator {

    @Override
    public @Nullable DataAccessException translateExceptionIfPossible(RuntimeException ex) {
        if (isUnavailable(ex)) {
            return new DataAccessResourceFailureException("The store did not answer: " + ex.getMessage(), ex);
        }
        return super.translateExceptionIfPossible(ex);
    }

    /** Whether the failure, or any cause of it, says the store could not be reached or did not answer in time. */
    static boolean isUnavailable(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof MongoTimeoutException || cause instanceof MongoSocketException) {
                return true;
            }
        }
        return false;
    }
}
