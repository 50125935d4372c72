package dev.threadline.gateway;

import java.util.ArrayList;
import java.util.List;

import dev.threadline.testing.TestServices;
import dev.threadline.testing.TestTokens;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A gateway in the test's JVM on a free port, against the test's RabbitMQ and store, with extra arguments. */
public record TestGateway(ConfigurableApplicationContext context, String baseUrl) implements AutoCloseable {

    public static TestGateway start(String... extraArguments) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--spring.main.banner-mode=off",
                "--spring.rabbitmq.addresses=" + TestServices.rabbitUri(), "--spring.mongodb.uri=" + TestServices.mongoUri(),
                "--threadline.auth.jwt-secret=" + TestTokens.SECRET));
        arguments.addAll(List.of(extraArguments));
        ConfigurableApplicationContext context = GatewayApplication.builder().run(arguments.toArray(String[]::new));
        return new TestGateway(context,
                "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public String wsUrl() {
        return baseUrl.replace("http", "ws") + "/ws";
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
