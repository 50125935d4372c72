/**
 * Administration (PROTOCOL.md §14): the users Threadline has seen, disabling them and their daily token
 * budgets, and everyone's usage — for tokens with the {@code admin} scope.
 */
@NullMarked
package dev.threadline.gateway.admin;

import org.jspecify.annotations.NullMarked;
