package dev.threadline.common.secret;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(OutputCaptureExtension.class)
class SecretFileEnvironmentPostProcessorTests {

    @TempDir
    Path directory;

    private final SecretFileEnvironmentPostProcessor processor = new SecretFileEnvironmentPostProcessor();

    @Test
    void aSecretComesFromItsFileWithoutTheTrailingLineBreak() throws IOException {
        Path file = Files.writeString(directory.resolve("jwt"), "a-secret-of-at-least-32-bytes-long!!\r\n");

        StandardEnvironment environment = environment(Map.of("JWT_SECRET_FILE", file.toString()));

        assertThat(environment.getProperty("JWT_SECRET")).isEqualTo("a-secret-of-at-least-32-bytes-long!!");
    }

    @Test
    void everySecretOfTheServicesCanComeFromAFile() throws IOException {
        Map<String, Object> files = new HashMap<>();
        for (String variable : SecretFileEnvironmentPostProcessor.VARIABLES) {
            files.put(variable + "_FILE", Files.writeString(directory.resolve(variable), variable + "-value\n").toString());
        }

        StandardEnvironment environment = environment(files);

        assertThat(SecretFileEnvironmentPostProcessor.VARIABLES)
                .containsExactlyInAnyOrder("JWT_SECRET", "OPENAI_API_KEY", "RABBITMQ_URI", "MONGODB_URI")
                .allSatisfy(variable -> assertThat(environment.getProperty(variable)).isEqualTo(variable + "-value"));
    }

    @Test
    void aPlaceholderOfTheServicesConfigurationResolvesToTheFilesContent() throws IOException {
        Path file = Files.writeString(directory.resolve("rabbit"), "amqp://threadline:s3cret@rabbitmq:5672\n");

        StandardEnvironment environment = environment(Map.of("RABBITMQ_URI_FILE", file.toString()));

        assertThat(environment.resolvePlaceholders("${RABBITMQ_URI:amqp://guest:guest@127.0.0.1:5672}"))
                .isEqualTo("amqp://threadline:s3cret@rabbitmq:5672");
    }

    @Test
    void aVariableThatIsSetWinsOverItsFile() {
        StandardEnvironment environment = environment(Map.of("MONGODB_URI", "mongodb://set:27017/threadline",
                "MONGODB_URI_FILE", directory.resolve("never-read").toString()));

        assertThat(environment.getProperty("MONGODB_URI")).isEqualTo("mongodb://set:27017/threadline");
        assertThat(environment.getPropertySources().contains(SecretFileEnvironmentPostProcessor.PROPERTY_SOURCE)).isFalse();
    }

    @Test
    void aBlankVariableCountsAsUnset() throws IOException {
        Path file = Files.writeString(directory.resolve("key"), "sk-from-file");

        StandardEnvironment environment = environment(Map.of("OPENAI_API_KEY", "", "OPENAI_API_KEY_FILE", file.toString()));

        assertThat(environment.getProperty("OPENAI_API_KEY")).isEqualTo("sk-from-file");
    }

    @Test
    void withoutFileVariablesNothingChanges() {
        StandardEnvironment environment = environment(Map.of("OTHER_FILE", "/etc/passwd"));

        assertThat(environment.getPropertySources().contains(SecretFileEnvironmentPostProcessor.PROPERTY_SOURCE)).isFalse();
        assertThat(environment.getProperty("OTHER")).isNull();
    }

    @Test
    void aMissingFileNamesTheVariable() {
        Path missing = directory.resolve("missing");

        assertThatThrownBy(() -> environment(Map.of("JWT_SECRET_FILE", missing.toString())))
                .isInstanceOf(SecretFileException.class)
                .hasMessage("JWT_SECRET_FILE: the file " + missing + " cannot be read (NoSuchFileException)");
    }

    @Test
    void anEmptyFileIsRefused() throws IOException {
        Path empty = Files.writeString(directory.resolve("empty"), "\n");

        assertThatThrownBy(() -> environment(Map.of("OPENAI_API_KEY_FILE", empty.toString())))
                .isInstanceOf(SecretFileException.class)
                .hasMessage("OPENAI_API_KEY_FILE: the file " + empty + " is empty");
    }

    @Test
    void anApplicationWithAMissingSecretFileStopsWithOneLineNamingTheVariable(CapturedOutput output) {
        Path missing = directory.resolve("no-such-secret");
        SpringApplication application = application();

        assertThatThrownBy(() -> close(application.run("--RABBITMQ_URI_FILE=" + missing)))
                .isInstanceOf(SecretFileException.class);

        assertThat(output).contains("RABBITMQ_URI_FILE: the file " + missing + " cannot be read (NoSuchFileException)")
                .contains("Mount the file RABBITMQ_URI_FILE names, or set RABBITMQ_URI instead.")
                .doesNotContain("\tat dev.threadline");
    }

    @Test
    void anApplicationReadsItsSecretFromTheFile() throws IOException {
        Path file = Files.writeString(directory.resolve("mongo"), "mongodb://user:pw@mongodb:27017/threadline\n");
        SpringApplication application = application();

        try (ConfigurableApplicationContext context = application.run("--MONGODB_URI_FILE=" + file)) {
            assertThat(context.getEnvironment().getProperty("MONGODB_URI"))
                    .isEqualTo("mongodb://user:pw@mongodb:27017/threadline");
        }
    }

    private StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = withoutThisProcessEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        processor.postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    /** The suite may run with RABBITMQ_URI and the like set: they must not hide the files here. */
    private static StandardEnvironment withoutThisProcessEnvironment() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        return environment;
    }

    private static SpringApplication application() {
        SpringApplication application = new SpringApplication(Empty.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setEnvironment(withoutThisProcessEnvironment());
        return application;
    }

    private static void close(ConfigurableApplicationContext context) {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }
}
