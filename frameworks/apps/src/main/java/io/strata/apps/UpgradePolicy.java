package io.strata.apps;

import java.time.Duration;
import java.util.Objects;

/**
 * How an update replaces an app's instances (the app file's {@code upgrade}):
 *
 * @param minHealthy       the share of the wanted instances that stays healthy at every moment of the
 *                         update (0.66 of 3: 2); an instance that fails on its own can still bring it lower
 * @param maxSurge         how many instances beyond the wanted count may run at once (new ones started
 *                         before old ones stop)
 * @param progressDeadline how long the update may go without progress (a new instance healthy, an old
 *                         one gone) before it stops
 * @param autoRevert       whether an update stopped at its deadline deploys the version it came from
 */
public record UpgradePolicy(double minHealthy, int maxSurge, Duration progressDeadline, boolean autoRevert) {

    /** Marathon's defaults, with a deadline: keep every instance, surge by one, 10 minutes, no revert. */
    public static final UpgradePolicy DEFAULT = new UpgradePolicy(1.0, 1, Duration.ofMinutes(10), false);

    public UpgradePolicy {
        Objects.requireNonNull(progressDeadline, "upgrade.progressDeadline");
        if (!(minHealthy >= 0 && minHealthy <= 1)) {
            throw new IllegalArgumentException("upgrade.minHealthy must be between 0 and 1 (a share of the instances), got "
                    + minHealthy);
        }
        if (maxSurge < 0) {
            throw new IllegalArgumentException("upgrade.maxSurge must be 0 or more instances, got " + maxSurge);
        }
        if (progressDeadline.isNegative() || progressDeadline.isZero()) {
            throw new IllegalArgumentException("upgrade.progressDeadline must be longer than 0, got " + progressDeadline);
        }
        if (minHealthy == 1.0 && maxSurge == 0) {
            throw new IllegalArgumentException("upgrade.minHealthy 1 with upgrade.maxSurge 0 can never replace an instance:"
                    + " lower minHealthy (e.g. 0.66) or allow a surge (maxSurge: 1)");
        }
    }

    /**
     * How many of {@code wanted} instances must stay healthy: minHealthy of them, rounded up; without a
     * surge, at most all but one (one must stop before its replacement can start: 0.66 of 1 is 0).
     */
    public int healthyFloor(int wanted) {
        int floor = (int) Math.ceil(minHealthy * wanted - 1e-9);
        return maxSurge == 0 ? Math.min(floor, Math.max(0, wanted - 1)) : floor;
    }
}
