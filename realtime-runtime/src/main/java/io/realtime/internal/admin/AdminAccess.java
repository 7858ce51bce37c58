package io.realtime.internal.admin;

import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Who may see the admin page and its feed ({@code RealtimeConfig.adminRoles}): a request whose user is in one of the
 * roles, or is one of the users. A request without a user never is. Thread-safe: immutable.
 */
public final class AdminAccess {

    private static final String USER = "user:";

    private final Set<String> roles;
    private final Set<String> users;

    private AdminAccess(Set<String> roles, Set<String> users) {
        this.roles = Set.copyOf(roles);
        this.users = Set.copyOf(users);
    }

    /**
     * @param entries roles, and users written {@code user:NAME}
     * @return who they admit
     */
    public static AdminAccess of(Set<String> entries) {
        Set<String> roles = new LinkedHashSet<>();
        Set<String> users = new LinkedHashSet<>();
        for (String entry : entries) {
            if (entry.startsWith(USER)) {
                users.add(entry.substring(USER.length()));
            } else {
                roles.add(entry);
            }
        }
        return new AdminAccess(roles, users);
    }

    /** @return whether the admin page exists at all: someone may see it */
    public boolean on() {
        return !roles.isEmpty() || !users.isEmpty();
    }

    /**
     * @param request a request for the page or its feed
     * @return whether its user may see them
     */
    public boolean allows(HttpServletRequest request) {
        Principal user = request.getUserPrincipal();
        if (user == null) {
            return false;
        }
        if (users.contains(user.getName())) {
            return true;
        }
        for (String role : roles) {
            if (request.isUserInRole(role)) {
                return true;
            }
        }
        return false;
    }
}
