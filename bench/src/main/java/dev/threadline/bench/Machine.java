package dev.threadline.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;

/** What the numbers were measured on. */
final class Machine {

    private Machine() {
    }

    static String describe(BenchSettings settings) {
        return "Machine: %s, %d cores, %s RAM; %s %s; JDK %s; RabbitMQ %s at %s; store: mongo-java-server (in memory) "
                .formatted(cpuModel(), Runtime.getRuntime().availableProcessors(), memory(), System.getProperty("os.name"),
                        System.getProperty("os.version"), Runtime.version(), rabbitVersion(settings.rabbitUri()),
                        settings.rabbitUri().replaceAll("//[^@]*@", "//"))
                + "in its own JVM; gateway, worker and store are separate processes on this machine, the fake model "
                + "and the load run in the benchmark's own JVM. Everything shares the same cores.";
    }

    private static String cpuModel() {
        return procLine("/proc/cpuinfo", "model name").map(line -> line.substring(line.indexOf(':') + 1).strip())
                .orElse("unknown CPU");
    }

    private static String memory() {
        return procLine("/proc/meminfo", "MemTotal").map(line -> "%.0f GiB".formatted(
                Long.parseLong(line.replaceAll("[^0-9]", "")) / 1048576.0)).orElse("unknown");
    }

    private static java.util.Optional<String> procLine(String file, String prefix) {
        try {
            return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(prefix)).findFirst();
        }
        catch (IOException ex) {
            return java.util.Optional.empty();
        }
    }

    private static String rabbitVersion(String uri) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(uri);
            try (Connection connection = factory.newConnection("bench-probe")) {
                return String.valueOf(connection.getServerProperties().get("version"));
            }
        }
        catch (Exception ex) {
            return "(unreachable: " + ex.getMessage() + ")";
        }
    }
}
