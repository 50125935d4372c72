package dev.threadline.gateway.auth;

import org.jspecify.annotations.Nullable;

record Credentials(@Nullable String username, @Nullable String password) {
}
