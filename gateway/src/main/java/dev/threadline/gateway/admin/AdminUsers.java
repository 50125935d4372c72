package dev.threadline.gateway.admin;

import java.util.List;
import java.util.Map;

import dev.threadline.model.user.UserProfile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Lists users and applies an admin's changes; a change of {@code disabled} is in force on this gateway at once. */
@Service
class AdminUsers {

    private static final Logger log = LoggerFactory.getLogger(AdminUsers.class);

    private final UserProfiles profiles;
    private final DisabledUsers disabledUsers;

    AdminUsers(UserProfiles profiles, DisabledUsers disabledUsers) {
        this.profiles = profiles;
        this.disabledUsers = disabledUsers;
    }

    UsersPage page(int limit, @Nullable String before) {
        List<UserProfile> fetched = profiles.page(limit, before);
        List<UserProfile> items = fetched.size() > limit ? fetched.subList(0, limit) : fetched;
        Map<String, String> usernames = profiles.usernames(items.stream().map(UserProfile::id).toList());
        return new UsersPage(items.stream().map(profile -> AdminUser.of(profile, usernames.get(profile.id()))).toList(),
                fetched.size() > limit ? items.get(limit - 1).id() : null);
    }

    AdminUser update(String adminId, String userId, UserPatch patch) {
        UserProfile profile = profiles.update(userId, patch);
        if (patch.disabled() != null) {
            disabledUsers.changed(userId, profile.disabled());
        }
        log.info("Admin {} changed user {}: disabled={}, dailyTokens={}", adminId, userId, profile.disabled(),
                profile.dailyTokens() == null ? "default" : profile.dailyTokens());
        return AdminUser.of(profile, profiles.usernames(List.of(userId)).get(userId));
    }
}
