package dev.threadline.gateway.admin;

import java.util.List;

import org.jspecify.annotations.Nullable;

/** One page of users, the shape of every listing (PROTOCOL.md §2): {@code next} is the {@code before} of the next. */
record UsersPage(List<AdminUser> items, @Nullable String next) {
}
