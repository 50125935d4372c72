package dev.threadline.gateway.auth;

import java.time.Instant;

/** A local-issuer account in the {@value #COLLECTION} collection; its id is the {@code sub} of its tokens. */
record UserAccount(String id, String username, String passwordHash, Instant createdAt) {

    static final String COLLECTION = "users";
}
