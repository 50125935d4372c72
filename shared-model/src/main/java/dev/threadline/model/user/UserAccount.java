package dev.threadline.model.user;

import java.time.Instant;

/** A local-issuer account in the {@value #COLLECTION} collection; its id is the {@code sub} of its tokens. */
public record UserAccount(String id, String username, String passwordHash, Instant createdAt) {

    public static final String COLLECTION = "users";
}
