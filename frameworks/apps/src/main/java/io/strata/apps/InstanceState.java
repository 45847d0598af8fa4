package io.strata.apps;

/** An app instance as its health checks see it (the {@code state} of {@code status --json}'s instances). */
public enum InstanceState {
    /** Launched; not yet passed its health check (or still in its grace period). */
    STARTING,
    /** Passing its health check (an app without one: running). */
    HEALTHY,
    /** Failing its health check; replaced after {@code maxFailures} consecutive failures. */
    UNHEALTHY,
    /** Being stopped: still running until it ends or its kill grace period is over. */
    KILLING
}
