package io.strata.apps;

/**
 * One instance's health as its checks report it (pure: time comes in as {@code now}). Failures are
 * not counted within the grace period until the instance has passed once (Marathon's rule), so a
 * slow starter is not replaced; after that each failure makes it UNHEALTHY and {@code maxFailures}
 * failures in a row get it replaced. Without a health check an instance is healthy once running.
 *
 * @param state               STARTING, HEALTHY or UNHEALTHY
 * @param consecutiveFailures failures in a row that count
 * @param startedAtMillis     when its task was RUNNING (the grace period counts from there)
 * @param lastCheckAtMillis   when its last check was started, or {@link Long#MIN_VALUE} before the first
 * @param passedOnce          whether any check passed
 * @param reason              the last check's outcome, in a sentence
 */
public record InstanceHealth(InstanceState state, int consecutiveFailures, long startedAtMillis,
                             long lastCheckAtMillis, boolean passedOnce, String reason) {

    /** An instance whose task just became RUNNING. */
    public static InstanceHealth running(HealthCheck check, long now) {
        return check == null
                ? new InstanceHealth(InstanceState.HEALTHY, 0, now, Long.MIN_VALUE, true, "running (no health check)")
                : new InstanceHealth(InstanceState.STARTING, 0, now, Long.MIN_VALUE, false,
                "running; waiting for its first " + check.type().name().toLowerCase(java.util.Locale.ROOT)
                        + " health check to pass");
    }

    /** Whether a check is due: one interval after the last one started. */
    public boolean checkDue(HealthCheck check, long now) {
        return check != null && (lastCheckAtMillis == Long.MIN_VALUE
                || now - lastCheckAtMillis >= check.interval().toMillis());
    }

    public InstanceHealth checkStarted(long now) {
        return new InstanceHealth(state, consecutiveFailures, startedAtMillis, now, passedOnce, reason);
    }

    public InstanceHealth passed() {
        return new InstanceHealth(InstanceState.HEALTHY, 0, startedAtMillis, lastCheckAtMillis, true, "health check passed");
    }

    /** A failed check ({@code why}: "GET / answered 503", "connection refused", "timed out after 1 s"). */
    public InstanceHealth failed(HealthCheck check, String why, long now) {
        boolean inGrace = !passedOnce && now - startedAtMillis < check.gracePeriod().toMillis();
        if (inGrace) {
            return new InstanceHealth(InstanceState.STARTING, 0, startedAtMillis, lastCheckAtMillis, false,
                    "in its grace period of " + RollingDeployment.human(check.gracePeriod()) + ": " + why);
        }
        int failures = consecutiveFailures + 1;
        return new InstanceHealth(InstanceState.UNHEALTHY, failures, startedAtMillis, lastCheckAtMillis, passedOnce,
                "health check failed " + failures + " of " + check.maxFailures() + " times in a row: " + why);
    }

    /** Whether it failed its check often enough in a row to be replaced. */
    public boolean toReplace(HealthCheck check) {
        return check != null && consecutiveFailures >= check.maxFailures();
    }
}
