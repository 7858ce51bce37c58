package io.realtime.undertow;

import io.undertow.security.idm.Account;
import io.undertow.security.idm.Credential;
import io.undertow.security.idm.IdentityManager;
import io.undertow.security.idm.PasswordCredential;
import java.io.Serializable;
import java.security.Principal;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The kit's users, as Undertow's security asks for them: an {@link IdentityManager} that knows each user by a
 * password equal to the name. Undertow has no realm of its own (WildFly puts Elytron behind this interface), so the
 * principal it gives a login is the one this class makes, a {@link User}. Thread-safe.
 */
final class Logins implements IdentityManager {

    /** A logged-in user: what {@code request.getUserPrincipal()} returns. */
    record User(String name) implements Principal, Serializable {
        @Override
        public String getName() {
            return name;
        }
    }

    private record KitAccount(User principal) implements Account, Serializable {
        @Override
        public User getPrincipal() {
            return principal;
        }

        @Override
        public Set<String> getRoles() {
            return Set.of("user");
        }
    }

    private final List<String> users;

    Logins(List<String> users) {
        this.users = List.copyOf(users);
    }

    @Override
    public Account verify(Account account) {
        return account instanceof KitAccount known
                        && users.contains(known.principal().name())
                ? account
                : null;
    }

    @Override
    public Account verify(String id, Credential credential) {
        boolean matches = users.contains(id)
                && credential instanceof PasswordCredential password
                && Arrays.equals(password.getPassword(), id.toCharArray());
        return matches ? new KitAccount(new User(id)) : null;
    }

    @Override
    public Account verify(Credential credential) {
        return null; // no certificates nor tokens: a name and password only
    }
}
