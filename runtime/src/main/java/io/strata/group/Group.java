package io.strata.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.strata.protocol.GroupQuota;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A group: the allocator role its work runs in, with a weight (its DRF share), a guarantee it can
 * always reach, a limit it never goes past, and the extra Unix users its tasks may run as.
 * Kept in the control store, namespace {@value GroupStore#NAMESPACE}, key = name.
 */
public record Group(String name, double weight,
                    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Quota.LeftOutWhenNone.class) Quota guarantee,
                    @JsonInclude(value = JsonInclude.Include.CUSTOM, valueFilter = Quota.LeftOutWhenNone.class) Quota limit,
                    List<String> users) {

    public static final String DEFAULT = "default";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    public Group {
        checkName(name);
        if (!(weight > 0 && weight <= 1000)) {
            throw new IllegalArgumentException("weight must be a number greater than 0 and at most 1000, got " + weight);
        }
        guarantee = guarantee == null ? Quota.NONE : guarantee;
        limit = limit == null ? Quota.NONE : limit;
        users = users == null ? List.of() : List.copyOf(users);
        for (String u : users) {
            if (!USER.matcher(u).matches()) {
                throw new IllegalArgumentException("user '" + u + "' is not a Unix user name (lower-case letters, digits, "
                        + "'_' and '-', starting with a letter or '_')");
            }
        }
        check(guarantee, limit);
    }

    /** The group every cluster has: weight 1, no guarantee, no limit. */
    public static Group defaultGroup() {
        return new Group(DEFAULT, 1, Quota.NONE, Quota.NONE, List.of());
    }

    /** Whether {@code name} can name a group (see {@link #checkName}). */
    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("group name '" + name + "' must be 1-63 lower-case letters, digits, '_' "
                    + "and '-', starting with a letter or digit");
        }
    }

    /** A guarantee above the limit in some resource can never be kept. */
    private static void check(Quota g, Quota l) {
        if (g.cpus() != null && l.cpus() != null && g.cpus() > l.cpus()) {
            throw new IllegalArgumentException("the guarantee of " + g.cpus() + " cpus is above the limit of " + l.cpus());
        }
        if (g.memMb() != null && l.memMb() != null && g.memMb() > l.memMb()) {
            throw new IllegalArgumentException("the guarantee of " + g.memMb() + " MB mem is above the limit of "
                    + l.memMb() + " MB");
        }
        if (g.diskMb() != null && l.diskMb() != null && g.diskMb() > l.diskMb()) {
            throw new IllegalArgumentException("the guarantee of " + g.diskMb() + " MB disk is above the limit of "
                    + l.diskMb() + " MB");
        }
    }

    public Group withQuota(Double newWeight, Quota newGuarantee, Quota newLimit) {
        return new Group(name, newWeight == null ? weight : newWeight, newGuarantee == null ? guarantee : newGuarantee,
                newLimit == null ? limit : newLimit, users);
    }

    /** What the master's allocator gets for this group. */
    public GroupQuota quota() {
        return new GroupQuota(name, weight, guarantee.asGuarantee(), limit.asLimit());
    }

    /** The allocator role of a group's frameworks: the group's name. */
    public static String role(String group) {
        return group == null || group.isBlank() ? DEFAULT : group;
    }

    /** The group a framework's role stands for ("*", the role of frameworks that name none, is the default group). */
    public static String ofRole(String role) {
        return role == null || role.isBlank() || role.equals("*") ? DEFAULT : role;
    }
}
