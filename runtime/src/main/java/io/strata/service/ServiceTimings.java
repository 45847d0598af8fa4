package io.strata.service;

import java.time.Duration;

/**
 * How long the planner waits for what.
 *
 * @param holdOffers   how long a deploy that places every pod at once keeps offers while it
 *                     waits for enough of them, before declining them
 * @param maxBackoff   the longest wait before a failed pod is relaunched
 * @param stableWindow how long a pod must stay ready before its earlier failures stop lengthening
 *                     its restart backoff (Kubernetes and Marathon reset crash backoff likewise)
 * @param checkEvery   readiness checks open client connections: not more often than this per pod of
 *                     a service that has deployed (a restarted or replaced pod)
 * @param checkDeploying the same while the service deploys for the first time: what depends on it
 *                     waits for its first ready, so it is seen soon after
 * @param declineIdle  how long the master should not re-offer an agent when nothing needs one
 * @param declineBusy  the same after a launch or a failed hold, when more may be needed soon
 * @param volumeSweep  how often to look for volumes of replaced pods that came back with their agent
 */
record ServiceTimings(Duration holdOffers, Duration maxBackoff, Duration stableWindow, Duration checkEvery,
                      Duration checkDeploying, Duration declineIdle, Duration declineBusy, Duration volumeSweep) {

    static final ServiceTimings DEFAULT = new ServiceTimings(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofSeconds(5),
            Duration.ofSeconds(1), Duration.ofSeconds(60));

    /** The least time between two readiness checks of one pod: short until the service first deployed. */
    Duration checkEvery(boolean deployedOnce) {
        return deployedOnce ? checkEvery : checkDeploying;
    }

    /** 1 s, 2 s, 4 s … doubling with each recent failure, at most {@code maxBackoff}. */
    long backoffMillis(int recentRestarts) {
        return Math.min(maxBackoff.toMillis(), 1000L << Math.min(5, recentRestarts));
    }
}
