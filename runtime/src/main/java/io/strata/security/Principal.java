package io.strata.security;

/**
 * Who made an API request, as the API authenticated it.
 *
 * @param tokenId the token's id ("system" for in-cluster callers)
 * @param group   the group the token is scoped to; null = unscoped, sees every group
 */
public record Principal(String tokenId, String name, Role role, String group) {

    /** In-cluster callers (the orchestrator, master-to-master copies): an unscoped admin. */
    public static final Principal SYSTEM = new Principal("system", "system", Role.ADMIN, null);

    public boolean scoped() {
        return group != null;
    }
}
