package io.strata.apps;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * The pure core of versioned deployments: Marathon's rolling upgrade (minimum health capacity,
 * maximum over-capacity) with Nomad's progress deadline and auto-revert. Given the deployment, the
 * app's instances and the time, it says which instances to start and stop and where the deployment
 * stands, with a reason that names what it waits for. It keeps nothing between calls: the scheduler
 * applies the actions (a launched instance is STARTING, a killed one KILLING until it ends) and asks
 * again when anything changes or a timer fires.
 *
 * <p>Rules, for {@code W} wanted instances of the version being deployed, floor {@code F} =
 * minHealthy of W rounded up and surge {@code S}:
 * <ul>
 *   <li>an old instance that is not healthy is stopped at once: it holds no capacity;</li>
 *   <li>a healthy old instance is stopped only while at least F other instances stay healthy;</li>
 *   <li>new instances start while fewer than W run the new version and fewer than W + S instances
 *       (stopping ones included: they still hold their resources) exist;</li>
 *   <li>it succeeds when exactly W instances exist, all of the new version and healthy;</li>
 *   <li>progress is a new instance turning healthy or an old one gone; none within the progress
 *       deadline stops it (FAILED), or with {@code autoRevert} deploys the version it came from.</li>
 * </ul>
 */
public final class RollingDeployment {

    /** A decision: the deployment as it now stands and what to start and stop. */
    public record Step(Deployment deployment, List<DeployAction> actions) {
    }

    private RollingDeployment() {
    }

    /**
     * @param wantedOf how many instances each version wants (its definition's {@code instances})
     */
    public static Step decide(Deployment d, List<Instance> instances, IntUnaryOperator wantedOf, UpgradePolicy policy,
                              long now) {
        if (!d.state().active()) {
            return new Step(d, List.of());
        }
        int to = d.toVersion();
        int wanted = wantedOf.applyAsInt(to);
        Counts before = new Counts(instances, to);
        d = d.progressed(before.newHealthy - before.old, now);
        if (before.done(wanted)) {
            String healthy = wanted + " of " + wanted + " instances healthy at version " + to;
            // A revert's reason keeps why it happened. (The deadline that ran out was the version it left;
            // the policy here is the version it went back to, so no duration is named.)
            return new Step(d.revert()
                    ? d.with(DeploymentState.REVERTED, "back on version " + to + " after version " + d.fromVersion()
                            + " made no progress before its deadline (" + healthy + ")")
                    : d.with(DeploymentState.SUCCEEDED, healthy), List.of());
        }
        if (now - d.progressAtMillis() >= policy.progressDeadline().toMillis()) {
            String why = "made no progress for " + human(policy.progressDeadline()) + " (" + before.newHealthy + " of "
                    + wanted + " instances healthy at version " + to + ")";
            if (policy.autoRevert() && !d.revert() && d.fromVersion() > 0) {
                Deployment back = d.reverting("version " + to + " " + why + ": reverting to version " + d.fromVersion(),
                        now);
                Step revert = decide(back, instances, wantedOf, policy, now);
                return new Step(revert.deployment().state() == DeploymentState.REVERTING
                        ? revert.deployment().with(DeploymentState.REVERTING, back.reason()) : revert.deployment(),
                        revert.actions());
            }
            return new Step(d.with(DeploymentState.FAILED, "stopped: version " + to + " " + why), List.of());
        }
        List<DeployAction> actions = new ArrayList<>();
        int floor = policy.healthyFloor(wanted);
        int healthy = before.healthy;
        int newLive = before.newLive;
        int total = instances.size();
        List<Instance> live = instances.stream().filter(i -> i.state() != InstanceState.KILLING)
                .sorted(Comparator.comparing((Instance i) -> i.state() == InstanceState.HEALTHY)
                        .thenComparingInt(Instance::version).thenComparing(Instance::id)).toList();
        for (Instance i : live) {
            boolean old = i.version() != to;
            boolean surplus = !old && newLive > wanted;
            if (!old && !surplus) {
                continue;
            }
            String why = old ? "replaced by version " + to : "more than the " + wanted + " instances wanted";
            if (i.state() != InstanceState.HEALTHY) {
                actions.add(new DeployAction.Kill(i.id(), why));
            } else if (healthy - 1 >= floor) {
                actions.add(new DeployAction.Kill(i.id(), why));
                healthy--;
            } else {
                continue;
            }
            if (surplus) {
                newLive--;
            }
        }
        int launched = 0;
        while (newLive < wanted && total < wanted + policy.maxSurge()) {
            actions.add(new DeployAction.Launch(to));
            newLive++;
            total++;
            launched++;
        }
        return new Step(d.with(d.state(), reason(before, actions.size() - launched, launched, wanted, floor,
                healthy, total, policy, to)), List.copyOf(actions));
    }

    private static String reason(Counts c, int killed, int launched, int wanted, int floor, int healthyLeft, int total,
                                 UpgradePolicy policy, int to) {
        StringBuilder s = new StringBuilder();
        s.append(c.newHealthy).append(" of ").append(wanted).append(" instances healthy at version ").append(to);
        if (launched > 0 || killed > 0) {
            s.append("; starting ").append(launched).append(", stopping ").append(killed);
            return s.toString();
        }
        int pendingNew = c.newLive - c.newHealthy;
        if (pendingNew > 0) {
            s.append("; waiting for ").append(pendingNew).append(" new instance").append(pendingNew == 1 ? "" : "s")
                    .append(" to become healthy");
            if (c.oldHealthy > 0 && healthyLeft - 1 < floor) {
                s.append(" before stopping more of the old (minHealthy ").append(policy.minHealthy()).append(" keeps ")
                        .append(floor).append(" of ").append(wanted).append(" healthy)");
            }
        } else if (c.killing > 0) {
            s.append("; waiting for ").append(c.killing).append(" instance").append(c.killing == 1 ? "" : "s")
                    .append(" to stop (at most ").append(wanted + policy.maxSurge()).append(" at once: maxSurge ")
                    .append(policy.maxSurge()).append(")");
        } else if (total >= wanted + policy.maxSurge() && c.newLive < wanted) {
            s.append("; waiting for room: ").append(total).append(" instances exist, at most ")
                    .append(wanted + policy.maxSurge()).append(" at once");
        }
        return s.toString();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        return s % 60 == 0 && s >= 60 ? s / 60 + " min" : s + " s";
    }

    /** The instances counted once, before any action of this step. */
    private static final class Counts {
        int healthy;
        int newHealthy;
        int newLive;
        int oldHealthy;
        int old;
        int killing;
        final int all;
        final boolean allNewAndHealthy;

        Counts(List<Instance> instances, int to) {
            boolean clean = true;
            for (Instance i : instances) {
                boolean isNew = i.version() == to;
                if (!isNew) {
                    old++;
                }
                if (i.state() == InstanceState.KILLING) {
                    killing++;
                    clean = false;
                    continue;
                }
                if (isNew) {
                    newLive++;
                }
                if (i.state() == InstanceState.HEALTHY) {
                    healthy++;
                    if (isNew) {
                        newHealthy++;
                    } else {
                        oldHealthy++;
                    }
                }
                clean &= isNew && i.state() == InstanceState.HEALTHY;
            }
            all = instances.size();
            allNewAndHealthy = clean;
        }

        boolean done(int wanted) {
            return allNewAndHealthy && all == wanted;
        }
    }
}
