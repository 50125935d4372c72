package dev.threadline.worker.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ModelPropertiesTests {

    @Test
    void theKeyCanComeFromAFileAndIsNeverPrinted(@TempDir Path dir) throws Exception {
        Path secret = Files.writeString(dir.resolve("openai-key"), "sk-secret-123\n");

        ModelProperties properties = properties(null, secret.toString(), "responses");

        assertThat(properties.apiKey()).isEqualTo("sk-secret-123");
        assertThat(properties.offline()).isFalse();
        assertThat(properties.toString()).doesNotContain("sk-secret").contains("apiKey=(set)");
    }

    @Test
    void badSettingsNameTheirVariable() {
        assertThatIllegalArgumentException().isThrownBy(() -> properties("k", null, "assistants"))
                .withMessageStartingWith("OPENAI_API must be");
        assertThatIllegalArgumentException().isThrownBy(() -> properties(null, "/no/such/file", "responses"))
                .withMessageStartingWith("OPENAI_API_KEY_FILE");
        assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ZERO, 5))
                .withMessageStartingWith("threadline.model.keep-alive must be positive");
        assertThatIllegalArgumentException().isThrownBy(() -> properties(Duration.ofSeconds(4), -1))
                .withMessageStartingWith("threadline.model.max-idle-connections");
    }

    private static ModelProperties properties(String key, String keyFile, String api) {
        return new ModelProperties(key, keyFile, "https://api.openai.com/v1", api, "gpt-4.1-mini", 2,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10), Duration.ofSeconds(4), 5,
                Duration.ofMillis(15));
    }

    private static ModelProperties properties(Duration keepAlive, int maxIdleConnections) {
        return new ModelProperties("k", null, "https://api.openai.com/v1", "responses", "gpt-4.1-mini", 2,
                Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofMinutes(10), keepAlive, maxIdleConnections,
                Duration.ofMillis(15));
    }
}
