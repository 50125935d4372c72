package dev.threadline.common.store;

import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;

/**
 * The store's databases without the client's operation timeout, for the schema: building a new index on a
 * large collection may take minutes, and must not stop a process that bounds its requests at start.
 */
final class UntimedDatabaseFactory extends SimpleMongoClientDatabaseFactory {

    UntimedDatabaseFactory(MongoClient client, String database) {
        super(client, database);
    }

    @Override
    protected MongoDatabase doGetMongoDatabase(String database) {
        return super.doGetMongoDatabase(database).withTimeout(0, TimeUnit.MILLISECONDS);
    }
}
