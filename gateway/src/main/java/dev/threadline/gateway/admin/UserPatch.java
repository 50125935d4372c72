package dev.threadline.gateway.admin;

import java.util.Set;

import dev.threadline.gateway.error.ThreadlineException;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * {@code PATCH /api/admin/users/{id}}: only the members present change. Read from the JSON tree, since
 * {@code "dailyTokens": null} (back to the default budget) differs from leaving it out; any other member
 * is refused, so a misspelt {@code "disable"} never passes for a change.
 *
 * @param clearDailyTokens {@code "dailyTokens": null} was given
 */
record UserPatch(@Nullable Boolean disabled, @Nullable Long dailyTokens, boolean clearDailyTokens) {

    private static final Set<String> MEMBERS = Set.of("disabled", "dailyTokens");

    static UserPatch from(@Nullable JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ThreadlineException.validation("the body must be a JSON object with disabled and/or dailyTokens");
        }
        for (String name : body.propertyNames()) {
            if (!MEMBERS.contains(name)) {
                throw ThreadlineException.validation("unknown member '" + name + "'; give disabled and/or dailyTokens");
            }
        }
        if (body.isEmpty()) {
            throw ThreadlineException.validation("give at least one of disabled, dailyTokens");
        }
        JsonNode disabled = body.get("disabled");
        if (disabled != null && !disabled.isBoolean()) {
            throw ThreadlineException.validation("disabled must be true or false");
        }
        JsonNode dailyTokens = body.get("dailyTokens");
        if (dailyTokens != null && !dailyTokens.isNull()
                && (!dailyTokens.isIntegralNumber() || !dailyTokens.canConvertToLong() || dailyTokens.asLong() < 0)) {
            throw ThreadlineException.validation(
                    "dailyTokens must be a whole number of at least 0, or null for the default");
        }
        return new UserPatch(disabled == null ? null : disabled.asBoolean(),
                dailyTokens == null || dailyTokens.isNull() ? null : dailyTokens.asLong(),
                dailyTokens != null && dailyTokens.isNull());
    }
}
