package io.strata.service;

import java.util.Locale;

/**
 * Why a pod is being stopped on purpose, and so what follows once its task has ended. Records
 * save it in lower case ("restart"), as they always have, so older records still load.
 */
public enum StopIntent {
    /** Relaunch in place, on the agent that holds the pod's volume (a rolling restart). */
    RESTART,
    /** Destroy the pod's volume and place it afresh on another agent. */
    REPLACE,
    /** Gone for good: the service is being deleted. */
    DELETE;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads either case, so that a record saved before this was an enum loads too. */
    public static StopIntent fromJson(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
