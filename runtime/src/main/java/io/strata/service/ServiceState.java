package io.strata.service;

/** A service as a whole, as its status shows it (the API carries the constant's name). */
public enum ServiceState {
    /** Not every pod has been ready at once yet. */
    DEPLOYING,
    /** Every pod is ready. */
    RUNNING,
    /** Every pod was ready once and at least one is not now. */
    DEGRADED,
    /** A rolling restart is under way and some pod is not ready. */
    RESTARTING,
    /** The service is being deleted. */
    DELETING
}
