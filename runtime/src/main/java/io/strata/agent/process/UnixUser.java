package io.strata.agent.process;

import java.util.Optional;

/**
 * A Unix account as {@code getent passwd} reports it.
 *
 * @param gid the account's primary group
 */
public record UnixUser(String name, int uid, int gid) {

    /** The account of one {@code passwd} line ({@code name:x:uid:gid:gecos:home:shell}), or empty if malformed. */
    static Optional<UnixUser> parsePasswd(String line) {
        String[] f = line.strip().split(":", -1);
        if (f.length < 4 || f[0].isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new UnixUser(f[0], Integer.parseInt(f[2]), Integer.parseInt(f[3])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return name + " (uid " + uid + ")";
    }
}
