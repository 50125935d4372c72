package dev.threadline.common.store;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param initializeSchema whether the process creates the store's indexes at start */
@ConfigurationProperties("threadline.store")
public record StoreProperties(@DefaultValue("true") boolean initializeSchema) {
}
