package io.strata.security;

import java.util.Locale;

/** What an API request needs: reading, changing work, or administering the cluster (tokens, groups, settings). */
public enum Permission {
    READ("viewer"), WRITE("operator"), ADMIN("admin");

    private final String leastRole;

    Permission(String leastRole) {
        this.leastRole = leastRole;
    }

    /** The lower-case spelling used in messages: read, write, admin. */
    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The least role that has this permission, as named in a 403 ("the 'operator' permission"). */
    public String leastRole() {
        return leastRole;
    }
}
