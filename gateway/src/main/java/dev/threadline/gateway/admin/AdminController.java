package dev.threadline.gateway.admin;

import dev.threadline.common.usage.UsageLedger;
import dev.threadline.gateway.error.ThreadlineException;
import dev.threadline.gateway.usage.DateRange;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The admin endpoints of PROTOCOL.md §14; the {@code admin} scope is required by the security configuration. */
@RestController
@RequestMapping("/api/admin")
class AdminController {

    private static final int MAX_PAGE = 100;
    private static final int MAX_USER_ID = 256;

    private final AdminUsers users;
    private final UsageLedger ledger;

    AdminController(AdminUsers users, UsageLedger ledger) {
        this.users = users;
        this.ledger = ledger;
    }

    @GetMapping("/users")
    UsersPage users(@RequestParam(defaultValue = "20") int limit,
            @RequestParam(required = false) @Nullable String before) {
        if (limit < 1 || limit > MAX_PAGE) {
            throw ThreadlineException.validation("limit must be between 1 and " + MAX_PAGE);
        }
        return users.page(limit, StringUtils.hasText(before) ? before : null);
    }

    @PatchMapping("/users/{userId}")
    AdminUser update(@AuthenticationPrincipal Jwt admin, @PathVariable String userId,
            @RequestBody(required = false) @Nullable JsonNode body) {
        if (!StringUtils.hasText(userId) || userId.length() > MAX_USER_ID) {
            throw ThreadlineException.validation("a user id is 1 to " + MAX_USER_ID + " characters");
        }
        return users.update(admin.getSubject(), userId, UserPatch.from(body));
    }

    @GetMapping("/usage")
    UsageReport usage(@RequestParam(required = false) @Nullable String from,
            @RequestParam(required = false) @Nullable String to) {
        DateRange range = DateRange.of(from, to, ledger.today());
        return UsageReport.of(ledger.everyone(range.from(), range.to()));
    }
}
