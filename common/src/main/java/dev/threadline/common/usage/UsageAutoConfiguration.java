package dev.threadline.common.usage;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.data.mongodb.core.MongoTemplate;

/** The usage ledger as both services use it: workers add to it as runs end, gateways read it. */
@AutoConfiguration(afterName = "org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration")
public class UsageAutoConfiguration {

    @Bean
    UsageLedger usageLedger(MongoTemplate mongo) {
        return new UsageLedger(mongo, Clock.systemUTC());
    }
}
