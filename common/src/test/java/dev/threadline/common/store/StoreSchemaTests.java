package dev.threadline.common.store;

import java.util.List;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.index.IndexInfo;

import static org.assertj.core.api.Assertions.assertThat;

class StoreSchemaTests {

    @Test
    void createsEveryDeclaredIndexAndCanRunAgain() {
        MongoServer server = new MongoServer(new MemoryBackend());
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoTemplate mongo = new MongoTemplate(client, "schema");
            StoreSchema schema = new StoreSchema(mongo, new StoreProperties(true, null, java.time.Duration.ofSeconds(1)));

            schema.afterPropertiesSet();
            schema.create();

            for (StoreSchema.CollectionIndex declared : StoreSchema.INDEXES) {
                List<String> names = mongo.indexOps(declared.collection()).getIndexInfo().stream()
                        .map(IndexInfo::getName).toList();
                assertThat(names).as(declared.collection()).contains(declared.index().getIndexOptions().getString("name"));
            }
        }
        finally {
            server.shutdownNow();
        }
    }

    @Test
    void createsNothingWhenToldNotTo() {
        MongoServer server = new MongoServer(new MemoryBackend());
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + server.bind().getPort())) {
            MongoTemplate mongo = new MongoTemplate(client, "schema");

            new StoreSchema(mongo, new StoreProperties(false, null, java.time.Duration.ofSeconds(1))).afterPropertiesSet();

            assertThat(mongo.getCollectionNames()).isEmpty();
        }
        finally {
            server.shutdownNow();
        }
    }
}
