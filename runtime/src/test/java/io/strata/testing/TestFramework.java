package io.strata.testing;

import io.strata.protocol.MasterCommand;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A framework for tests: launches queued tasks into the first offer they fit and records every
 * status update. Optionally launches exactly what it is told onto a given offer (to test
 * validation).
 */
public final class TestFramework implements Scheduler {

    private final List<TaskSpec> queue = new CopyOnWriteArrayList<>();
    private final Map<TaskId, TaskStatus> latest = new ConcurrentHashMap<>();
    private final Map<TaskId, List<TaskState>> history = new ConcurrentHashMap<>();
    private final List<Offer> offersSeen = new CopyOnWriteArrayList<>();
    private final List<String> registrations = new CopyOnWriteArrayList<>();
    private volatile boolean holdOffers;
    private final List<Offer> held = new CopyOnWriteArrayList<>();
    private StrataSchedulerDriver driver;

    public static TestFramework start(ActorSystem<?> system, ActorRef<MasterCommand> master, FrameworkInfo info) {
        TestFramework fw = new TestFramework();
        fw.driver = StrataSchedulerDriver.start(system, master, info, fw);
        return fw;
    }

    public SchedulerDriver driver() {
        return driver;
    }

    public void submit(TaskSpec spec) {
        queue.add(spec);
        driver.revive();
    }

    /** Keep offers instead of using them, to drive accepts by hand. */
    public void holdOffers(boolean hold) {
        holdOffers = hold;
    }

    public List<Offer> heldOffers() {
        return held;
    }

    public List<Offer> offersSeen() {
        return offersSeen;
    }

    public List<String> registrations() {
        return registrations;
    }

    public TaskStatus status(TaskId id) {
        return latest.get(id);
    }

    public List<TaskState> history(TaskId id) {
        return history.getOrDefault(id, List.of());
    }

    public TaskStatus awaitState(TaskId id, TaskState state, Duration deadline) {
        return Eventually.awaitValue(deadline, id + " to reach " + state + " (now " + latest.get(id) + ")", () -> {
            TaskStatus s = latest.get(id);
            return s != null && s.state() == state ? s : null;
        });
    }

    @Override
    public void registered(SchedulerDriver d, io.strata.resources.FrameworkId id, String masterEpoch) {
        registrations.add(masterEpoch);
    }

    @Override
    public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
        offersSeen.addAll(offers);
        if (holdOffers) {
            held.addAll(offers);
            return;
        }
        for (Offer offer : offers) {
            var left = offer.resources();
            List<TaskSpec> launch = new ArrayList<>();
            for (Iterator<TaskSpec> it = queue.iterator(); it.hasNext(); ) {
                TaskSpec t = it.next();
                if (left.contains(t.resources())) {
                    left = left.minus(t.resources());
                    launch.add(t);
                    queue.remove(t);
                }
            }
            if (launch.isEmpty()) {
                d.decline(offer.id(), Duration.ofSeconds(1));
            } else {
                d.launch(offer.id(), launch);
            }
        }
    }

    @Override
    public void offerRescinded(SchedulerDriver d, OfferId offerId) {
        held.removeIf(o -> o.id().equals(offerId));
    }

    @Override
    public void statusUpdate(SchedulerDriver d, TaskStatus status) {
        latest.put(status.taskId(), status);
        history.computeIfAbsent(status.taskId(), k -> new CopyOnWriteArrayList<>()).add(status.state());
    }
}
