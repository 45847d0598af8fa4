package io.strata.apps;

/** What a deployment step asks of the app's scheduler. */
public sealed interface DeployAction {

    /** Start one more instance of {@code version}. */
    record Launch(int version) implements DeployAction {
    }

    /** Stop instance {@code instanceId}, saying why. */
    record Kill(String instanceId, String reason) implements DeployAction {
    }
}
