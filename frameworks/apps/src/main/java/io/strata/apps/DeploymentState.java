package io.strata.apps;

/** Where a versioned deployment of an app stands (the {@code state} of {@code status --json}'s deployment). */
public enum DeploymentState {
    /** Replacing instances with the new version. */
    DEPLOYING,
    /** Paused by request: nothing is started or stopped until it is resumed. */
    PAUSED,
    /** Every wanted instance runs the new version and is healthy. */
    SUCCEEDED,
    /** Stopped at its progress deadline; the instances stay as they are. */
    FAILED,
    /** Stopped at its progress deadline, deploying the version it came from ({@code autoRevert}). */
    REVERTING,
    /** Back on the version it came from after a failed update. */
    REVERTED,
    /** Stopped by request; the instances stay as they are. */
    ABORTED;

    /** Whether the deployment still starts and stops instances. */
    public boolean active() {
        return this == DEPLOYING || this == REVERTING;
    }
}
