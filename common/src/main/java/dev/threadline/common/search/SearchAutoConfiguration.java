package dev.threadline.common.search;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** Search as both services use it: the gateway answers searches, and either side keeps the entries current. */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
public class SearchAutoConfiguration {

    @Bean
    SearchIndex searchIndex(MongoTemplate mongo) {
        return new SearchIndex(mongo);
    }
}
