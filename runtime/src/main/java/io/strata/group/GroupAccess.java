package io.strata.group;

import io.strata.security.Principal;

import java.util.Collection;

/**
 * Which group a caller's new work goes to and which work a caller may see: a principal scoped to a
 * group sees and acts only on that group's work; an unscoped one on every group's.
 */
public final class GroupAccess {

    /** Why a create was refused: 400 (bad or unknown group) or 403 (another group than the token's). */
    public static final class Refused extends RuntimeException {
        private final int status;

        public Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private GroupAccess() {
    }

    /**
     * The group new work of {@code who} goes to: the one requested, else the token's group, else
     * {@code default}. Throws {@link Refused} when it names no existing group (400) or another
     * group than a scoped token's (403).
     */
    public static String groupFor(Principal who, String requested, Collection<String> existing) {
        String group = requested == null || requested.isBlank() ? (who.group() != null ? who.group() : Group.DEFAULT)
                : requested.trim();
        if (who.group() != null && !who.group().equals(group)) {
            throw new Refused(403, "token '" + who.name() + "' is scoped to group " + who.group()
                    + " and cannot create work in group " + group);
        }
        if (!existing.contains(group)) {
            throw new Refused(400, "group '" + group + "' does not exist; groups: " + String.join(", ", existing)
                    + " (create one with 'strata group create " + group + "')");
        }
        return group;
    }

    /** Whether {@code who} may see and act on work of {@code group} (null = the default group). */
    public static boolean sees(Principal who, String group) {
        return who.group() == null || who.group().equals(group == null ? Group.DEFAULT : group);
    }

    /** A requested Unix user must be one the group allows (null = the agent's task user, always allowed). */
    public static void checkUser(Group group, String user) {
        if (user != null && !user.isBlank() && !group.users().contains(user)) {
            throw new Refused(400, "user '" + user + "' is not allowed in group " + group.name() + "; allowed: "
                    + (group.users().isEmpty() ? "none (add users with 'strata group create --users')"
                    : String.join(", ", group.users())));
        }
    }
}
