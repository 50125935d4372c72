package dev.threadline.common.secret;

import java.nio.file.Path;

/** A secret file named by an {@code X_FILE} variable is missing, unreadable or empty. */
public class SecretFileException extends IllegalStateException {

    private final String variable;

    SecretFileException(String variable, Path file, String problem) {
        super(variable + ": the file " + file + " " + problem);
        this.variable = variable;
    }

    /** The {@code X_FILE} variable that names the file. */
    public String variable() {
        return variable;
    }
}
