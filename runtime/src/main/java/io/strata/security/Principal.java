package io.strata.security;

/**
 * STAND-IN (GROUPS branch) for AUTH's caller of an API request; replaced by AUTH's version at merge.
 *
 * @param group null = unscoped, sees every group
 */
public record Principal(String tokenId, String name, Role role, String group) {

    /** In-cluster callers: an unscoped admin. */
    public static final Principal SYSTEM = new Principal("system", "system", Role.ADMIN, null);

    public boolean scoped() {
        return group != null;
    }
}
