package dev.threadline.common.secret;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Reports a bad secret file as one line naming the variable, without a stack trace. */
class SecretFileFailureAnalyzer extends AbstractFailureAnalyzer<SecretFileException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SecretFileException cause) {
        String variable = cause.variable();
        return new FailureAnalysis(cause.getMessage(), "Mount the file " + variable + " names, or set "
                + variable.substring(0, variable.length() - "_FILE".length()) + " instead.", cause);
    }
}
