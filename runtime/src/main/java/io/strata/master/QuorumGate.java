package io.strata.master;

import io.strata.resources.FrameworkId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a master that cannot see a majority of the master nodes from acting. Such a master may be
 * on the small side of a partition, where the split brain resolver is about to down it while the
 * large side starts a new master: until that is decided it must neither launch nor kill tasks,
 * destroy volumes, nor call agents lost that it merely cannot hear. Reads and bookkeeping
 * (heartbeats, statuses, the state snapshot) go on as usual.
 *
 * <p>The master nodes are counted as Pekko's split brain resolver counts them for keep-majority
 * with role {@code master}: members that are Up or Leaving (joining, downed, exiting and removed
 * ones do not count). So the gate agrees with the resolver about which side may go on: a master
 * node that crashed stops counting once the resolver has downed it.
 *
 * <p>Without quorum: an accept is answered at once, every launch LOST with the reason (the task
 * never reached an agent, so a framework may launch it again without doubling it), and its offer
 * declined so the resources stay free; kills, teardowns and volume destroys are refused with a
 * framework error naming the reason (the framework asks again, or its next master decides); kills
 * and destroys the core decides on its own are held and sent if quorum comes back; the timer
 * neither expires nor allocates. After quorum comes back, agents and frameworks get the
 * re-registration grace to be heard again before the timer may call anyone silent.
 *
 * <p>Pure: membership comes in as calls, time as {@code now}.
 */
final class QuorumGate {

    private static final Logger LOG = LoggerFactory.getLogger(QuorumGate.class);

    /** A member's phase, as far as counting goes. */
    enum Phase { JOINING, UP, LEAVING, EXITING, DOWN, REMOVED }

    /** What to do with one input: hand {@code input} (possibly another one) to the core, and send {@code answers}. */
    record Admission(MasterInput input, List<MasterEffect> answers) {
        Admission {
            answers = List.copyOf(answers);
        }

        static Admission pass(MasterInput input) {
            return new Admission(input, List.of());
        }
    }

    private final long settleMillis;
    /** Master-role members by address, with their phase. */
    private final Map<String, Phase> masters = new HashMap<>();
    private final Set<String> unreachable = new HashSet<>();
    private final List<MasterEffect.ToAgent> held = new ArrayList<>();
    private boolean quorum;
    /** Until the first membership arrives there is no quorum, and no quorum "regained" either. */
    private boolean assessed;
    /** Until then (after quorum came back) the timer only allocates. */
    private long settledAtMillis = Long.MIN_VALUE;

    /** @param settleMillis after quorum comes back, how long the timer only allocates */
    QuorumGate(long settleMillis) {
        this.settleMillis = settleMillis;
    }

    // ---- membership

    /**
     * The whole membership at once (when the master starts): master-role members by address with
     * their phase, and the addresses this node cannot reach.
     */
    List<MasterEffect> snapshot(Map<String, Phase> masterMembers, Set<String> unreachableMembers, long now) {
        masters.clear();
        masterMembers.forEach((address, phase) -> {
            if (phase != Phase.REMOVED) {
                masters.put(address, phase);
            }
        });
        unreachable.clear();
        unreachable.addAll(unreachableMembers);
        return reassess(now);
    }

    /** A member's phase changed; members without the master role are ignored. */
    List<MasterEffect> member(String address, boolean master, Phase phase, long now) {
        if (!master) {
            return List.of();
        }
        if (phase == Phase.REMOVED) {
            masters.remove(address);
            unreachable.remove(address);
        } else {
            masters.put(address, phase);
        }
        return reassess(now);
    }

    List<MasterEffect> unreachable(String address, long now) {
        unreachable.add(address);
        return reassess(now);
    }

    List<MasterEffect> reachable(String address, long now) {
        unreachable.remove(address);
        return reassess(now);
    }

    boolean hasQuorum() {
        return quorum;
    }

    /** E.g. "1 of 3 reachable". */
    String describe() {
        return reachableCount() + " of " + countedCount() + " reachable";
    }

    private long countedCount() {
        return masters.values().stream().filter(QuorumGate::counts).count();
    }

    private long reachableCount() {
        return masters.entrySet().stream()
                .filter(e -> counts(e.getValue()) && !unreachable.contains(e.getKey())).count();
    }

    private static boolean counts(Phase phase) {
        return phase == Phase.UP || phase == Phase.LEAVING;
    }

    /** Opens or closes the gate; returns what was held when it opens. */
    private List<MasterEffect> reassess(long now) {
        long counted = countedCount();
        boolean has = counted > 0 && 2 * reachableCount() > counted;
        if (!assessed) {
            assessed = true;
            quorum = has;
            LOG.info("master quorum {} (master nodes: {})", has ? "held" : "not held", describe());
            return List.of();
        }
        if (has == quorum) {
            return List.of();
        }
        quorum = has;
        if (!quorum) {
            LOG.warn("master quorum lost: holding back launches, kills and timeouts (master nodes: {})", describe());
            return List.of();
        }
        settledAtMillis = now + settleMillis;
        LOG.info("master quorum regained (master nodes: {}) released={}", describe(), held.size());
        List<MasterEffect> release = List.copyOf(held);
        held.clear();
        return release;
    }

    // ---- inputs and effects

    /** Whether the core may see {@code input} now, or what stands in for it. */
    Admission admit(MasterInput input, long now) {
        if (input instanceof MasterInput.Tick) {
            if (!quorum) {
                return new Admission(null, List.of());
            }
            // Until agents and frameworks have had time to be heard again, nobody counts as silent.
            return Admission.pass(now < settledAtMillis ? new MasterInput.Allocate() : input);
        }
        if (quorum) {
            return Admission.pass(input);
        }
        if (input instanceof MasterInput.Allocate) {
            return new Admission(null, List.of());
        }
        if (input instanceof MasterInput.Accept a) {
            return refuseLaunches(a, now);
        }
        if (input instanceof MasterInput.Kill k) {
            return refused(k.frameworkId(), "kill of task " + k.taskId().value() + " not sent");
        }
        if (input instanceof MasterInput.Teardown t) {
            return refused(t.frameworkId(), "teardown not done");
        }
        if (input instanceof MasterInput.DestroyVolume d) {
            return refused(d.frameworkId(), "destroy of volume " + d.volumeId() + " not done");
        }
        return Admission.pass(input);
    }

    /**
     * The core's effects, less the launches, kills and volume destroys it decided on its own while
     * there is no quorum (a kill of a task the master gave up, a destroy waiting for a task's end):
     * those are held and released when quorum comes back.
     */
    List<MasterEffect> outgoing(List<MasterEffect> effects) {
        if (quorum) {
            return effects;
        }
        List<MasterEffect> out = new ArrayList<>(effects.size());
        for (MasterEffect e : effects) {
            // A LaunchesSent vouches for the launches before it, so it waits behind them.
            if (e instanceof MasterEffect.LaunchTasks || e instanceof MasterEffect.LaunchesSent
                    || e instanceof MasterEffect.KillTask || e instanceof MasterEffect.DestroyVolume) {
                held.add((MasterEffect.ToAgent) e);
                LOG.warn("held until quorum returns effect={} (master nodes: {})", e, describe());
            } else {
                out.add(e);
            }
        }
        return out;
    }

    private Admission refuseLaunches(MasterInput.Accept a, long now) {
        String reason = "master has no quorum of master nodes (" + describe() + ")";
        List<MasterEffect> answers = new ArrayList<>();
        for (TaskSpec t : a.launches()) {
            answers.add(new MasterEffect.SendStatus(a.frameworkId(),
                    new TaskStatus(t.taskId(), a.frameworkId(), null, TaskState.LOST, reason, null, null, now)));
        }
        LOG.warn("launch refused framework={} tasks={} reason=\"{}\"", a.frameworkId(), a.launches().size(), reason);
        return new Admission(new MasterInput.Decline(a.frameworkId(), a.offerId(), 0), answers);
    }

    private Admission refused(FrameworkId framework, String what) {
        String message = what + ": master has no quorum of master nodes (" + describe() + "); ask again later";
        LOG.warn("request refused framework={} reason=\"{}\"", framework, message);
        return new Admission(null, List.of(new MasterEffect.FrameworkError(framework, message)));
    }
}
