package dev.threadline.common.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Reads each secret {@code X} from the file {@code X_FILE} names when {@code X} itself is unset or blank,
 * so Kubernetes Secrets and Docker secrets can be mounted as files instead of living in the process
 * environment. The file's trailing line break is dropped; a file that cannot be read, or is empty, stops
 * start-up with a message naming the variable.
 */
public class SecretFileEnvironmentPostProcessor implements EnvironmentPostProcessor {

    /** The variables that may come from a file. */
    public static final List<String> VARIABLES = List.of("JWT_SECRET", "OPENAI_API_KEY", "RABBITMQ_URI", "MONGODB_URI");

    static final String PROPERTY_SOURCE = "secretFiles";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> secrets = new LinkedHashMap<>();
        for (String variable : VARIABLES) {
            String file = environment.getProperty(variable + "_FILE");
            if (!StringUtils.hasText(environment.getProperty(variable)) && StringUtils.hasText(file)) {
                secrets.put(variable, read(variable + "_FILE", Path.of(file.strip())));
            }
        }
        if (!secrets.isEmpty()) {
            environment.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, secrets));
        }
    }

    private static String read(String fileVariable, Path file) {
        String content;
        try {
            content = Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (IOException | RuntimeException ex) {
            throw new SecretFileException(fileVariable, file, "cannot be read (" + ex.getClass().getSimpleName() + ")");
        }
        String secret = withoutTrailingLineBreaks(content);
        if (secret.isBlank()) {
            throw new SecretFileException(fileVariable, file, "is empty");
        }
        return secret;
    }

    private static String withoutTrailingLineBreaks(String content) {
        int end = content.length();
        while (end > 0 && (content.charAt(end - 1) == '\n' || content.charAt(end - 1) == '\r')) {
            end--;
        }
        return content.substring(0, end);
    }
}
