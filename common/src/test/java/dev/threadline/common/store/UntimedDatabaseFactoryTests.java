package dev.threadline.common.store;

import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The schema's view of the store drops the operation timeout every other call has. */
class UntimedDatabaseFactoryTests {

    @Test
    void theSchemasDatabaseHasNoOperationTimeoutWhereTheClientHasOne() {
        try (MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .timeout(2, TimeUnit.SECONDS).build())) {
            assertThat(client.getDatabase("threadline").getTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2000);

            UntimedDatabaseFactory schema = new UntimedDatabaseFactory(client, "threadline");

            assertThat(schema.getMongoDatabase().getTimeout(TimeUnit.MILLISECONDS)).as("0: none").isZero();
            assertThat(schema.getMongoDatabase().getName()).isEqualTo("threadline");
        }
    }
}
