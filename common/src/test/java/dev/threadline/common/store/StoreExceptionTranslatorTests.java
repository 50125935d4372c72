package dev.threadline.common.store;

import java.util.Set;

import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteError;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.ServerAddress;
import org.bson.BsonDocument;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;

import static org.assertj.core.api.Assertions.assertThat;

/** Every way the driver says the store did not answer becomes the one "store unavailable" type. */
class StoreExceptionTranslatorTests {

    private final StoreExceptionTranslator translator = new StoreExceptionTranslator();

    @Test
    void theDriversOperationTimeoutIsAStoreThatIsUnavailable() {
        assertThat(translator.translateExceptionIfPossible(new MongoOperationTimeoutException("timed out")))
                .isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void noServerToSelectAndASocketTimeoutAreToo() {
        assertThat(translator.translateExceptionIfPossible(new MongoTimeoutException("no server")))
                .isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(translator.translateExceptionIfPossible(new MongoSocketReadTimeoutException("read timed out",
                new ServerAddress(), new java.net.SocketTimeoutException()))).isInstanceOf(DataAccessResourceFailureException.class);
        assertThat(translator.translateExceptionIfPossible(new IllegalStateException("wrapped",
                new MongoOperationTimeoutException("timed out")))).isInstanceOf(DataAccessResourceFailureException.class);
    }

    @Test
    void otherFailuresAreTranslatedAsSpringDataDoes() {
        assertThat(translator.translateExceptionIfPossible(new MongoWriteException(
                new WriteError(11000, "duplicate key", new BsonDocument()), new ServerAddress(), Set.of())))
                .isInstanceOf(DuplicateKeyException.class);
        assertThat(translator.translateExceptionIfPossible(new IllegalStateException("not the store's"))).isNull();
    }
}
