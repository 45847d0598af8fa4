package io.strata.apps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Random updates (sizes, policies, versions that never become healthy, instances that fail on
 * their own, stops that take a while) against the rules users rely on: a deployment never stops a
 * healthy instance below minHealthy, never runs more than the wanted instances plus maxSurge, and
 * always ends: on the new version when it becomes healthy, else at its deadline, reverted when asked.
 */
class RollingDeploymentPropertyTest {

    private static final int SEEDS = 400;
    private static final double[] MIN_HEALTHY = {0, 0.33, 0.5, 0.66, 0.75, 1.0};

    @Test
    void randomUpdatesKeepMinHealthyAndTheSurgeCapAndAlwaysEnd() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            run(seed);
        }
    }

    private static void run(long seed) {
        Random rnd = new Random(seed);
        int fromWanted = 1 + rnd.nextInt(5);
        int toWanted = rnd.nextInt(6);
        double minHealthy = MIN_HEALTHY[rnd.nextInt(MIN_HEALTHY.length)];
        int maxSurge = rnd.nextInt(3);
        if (minHealthy == 1.0 && maxSurge == 0) {
            maxSurge = 1;
        }
        boolean targetGood = toWanted == 0 || rnd.nextInt(10) < 7;
        // A healthy version's instances here turn healthy within a few random events, well within 10 min.
        Duration deadline = targetGood ? Duration.ofMinutes(10) : Duration.ofSeconds(30);
        UpgradePolicy policy = new UpgradePolicy(minHealthy, maxSurge, deadline, rnd.nextBoolean());
        boolean chaos = rnd.nextInt(4) == 0;
        Set<Integer> good = targetGood ? Set.of(1, 2) : Set.of(1);
        DeployWorld w = new DeployWorld(policy, v -> v == 1 ? fromWanted : toWanted).running(1, fromWanted).deploy(1, 2);
        String ctx = "seed " + seed + ": " + fromWanted + " -> " + toWanted + " " + policy + " good=" + targetGood
                + " chaos=" + chaos;

        for (int event = 0; event < 3000; event++) {
            long healthyBefore = w.healthy();
            int sizeBefore = w.instances.size();
            w.step();
            int to = w.deployment.toVersion();
            int wanted = to == 1 ? fromWanted : toWanted;
            long healthyAfter = w.healthy();
            if (healthyAfter < healthyBefore) {
                assertThat(healthyAfter).as(ctx + ": healthy instances stopped below minHealthy at event " + event)
                        .isGreaterThanOrEqualTo(policy.healthyFloor(wanted));
            }
            boolean launched = w.last.actions().stream().anyMatch(a -> a instanceof DeployAction.Launch);
            if (launched) {
                assertThat(w.instances.size()).as(ctx + ": instances at once, event " + event)
                        .isLessThanOrEqualTo(Math.max(sizeBefore, wanted + policy.maxSurge()));
                assertThat(w.last.actions()).filteredOn(a -> a instanceof DeployAction.Launch)
                        .allMatch(a -> ((DeployAction.Launch) a).version() == to, "launches of the version deployed");
            }
            assertThat(w.deployment.reason()).as(ctx).isNotBlank();
            if (w.deployment.ended()) {
                break;
            }
            happen(w, rnd, good, chaos);
        }
        assertThat(w.deployment.ended()).as(ctx + ": ended, at " + w.deployment).isTrue();
        if (targetGood && !chaos) {
            assertThat(w.deployment.state()).as(ctx).isEqualTo(DeploymentState.SUCCEEDED);
        }
        if (w.deployment.state() == DeploymentState.SUCCEEDED) {
            assertThat(w.count(2, InstanceState.HEALTHY)).as(ctx).isEqualTo(toWanted);
            assertThat(w.instances).as(ctx).hasSize(toWanted);
        } else if (!targetGood && !chaos) {
            boolean reverts = policy.autoRevert();
            assertThat(w.deployment.state()).as(ctx)
                    .isEqualTo(reverts ? DeploymentState.REVERTED : DeploymentState.FAILED);
            if (reverts) {
                assertThat(w.count(1, InstanceState.HEALTHY)).as(ctx).isEqualTo(fromWanted);
                assertThat(w.instances).as(ctx).hasSize(fromWanted);
            }
        }
    }

    /** One thing the instances or the clock do on their own. */
    private static void happen(DeployWorld w, Random rnd, Set<Integer> good, boolean chaos) {
        List<Instance> all = new ArrayList<>(w.instances.values());
        int pick = rnd.nextInt(10);
        if (pick < 3 || all.isEmpty()) {
            w.after(Duration.ofMillis(100 + rnd.nextInt(1000)));
            return;
        }
        Instance i = all.get(rnd.nextInt(all.size()));
        switch (i.state()) {
            case KILLING -> w.ended(i.id());
            case STARTING -> {
                if (good.contains(i.version())) {
                    w.set(i.id(), InstanceState.HEALTHY);
                } else if (rnd.nextBoolean()) {
                    w.set(i.id(), InstanceState.UNHEALTHY);
                }
            }
            case HEALTHY -> {
                if (chaos && rnd.nextInt(20) == 0) {
                    w.set(i.id(), InstanceState.UNHEALTHY);
                }
            }
            case UNHEALTHY -> {
                if (good.contains(i.version()) && rnd.nextBoolean()) {
                    w.set(i.id(), InstanceState.HEALTHY);
                }
            }
        }
    }
}
