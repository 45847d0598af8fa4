package io.strata.scheduler;

import io.strata.protocol.FrameworkEvent;
import io.strata.protocol.MasterCommand;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The driver's actor: heartbeats, event delivery and task tracking for reconciliation. */
final class DriverActor {

    enum Heartbeat implements FrameworkEvent { INSTANCE }

    enum Stop implements FrameworkEvent { INSTANCE }

    private DriverActor() {
    }

    static Behavior<FrameworkEvent> create(SchedulerDriver driver, ActorRef<MasterCommand> master, FrameworkInfo info,
                                           Scheduler scheduler, Duration heartbeat) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            MasterCommand.FrameworkHeartbeat beat =
                    new MasterCommand.FrameworkHeartbeat(info.id(), info.name(), info.role(), ctx.getSelf());
            master.tell(beat);
            timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, heartbeat);
            // Tasks this framework launched and has not seen end: reconciled after every re-registration.
            Map<TaskId, TaskState> live = new HashMap<>();
            return Behaviors.receive(FrameworkEvent.class)
                    .onMessageEquals(Heartbeat.INSTANCE, () -> {
                        master.tell(beat);
                        return Behaviors.same();
                    })
                    .onMessageEquals(Stop.INSTANCE, Behaviors::stopped)
                    .onMessage(FrameworkEvent.Registered.class, m -> {
                        ctx.getLog().info("framework registered framework={} name={} epoch={}", info.id(), info.name(),
                                m.masterEpoch());
                        scheduler.registered(driver, m.frameworkId(), m.masterEpoch());
                        // Implicit reconciliation brings every task the master knows; the explicit one
                        // settles tasks the master may not know (launched just before a failover).
                        master.tell(new MasterCommand.Reconcile(info.id(), List.of()));
                        if (!live.isEmpty()) {
                            master.tell(new MasterCommand.Reconcile(info.id(), new ArrayList<>(live.keySet())));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(FrameworkEvent.Offers.class, m -> {
                        scheduler.resourceOffers(driver, m.offers());
                        return Behaviors.same();
                    })
                    .onMessage(FrameworkEvent.OfferRescinded.class, m -> {
                        scheduler.offerRescinded(driver, m.offerId());
                        return Behaviors.same();
                    })
                    .onMessage(FrameworkEvent.StatusUpdate.class, m -> {
                        if (m.status().state().isTerminal()) {
                            live.remove(m.status().taskId());
                        } else {
                            live.put(m.status().taskId(), m.status().state());
                        }
                        scheduler.statusUpdate(driver, m.status());
                        return Behaviors.same();
                    })
                    .onMessage(FrameworkEvent.AgentLost.class, m -> {
                        scheduler.agentLost(driver, m.agentId(), m.reason());
                        return Behaviors.same();
                    })
                    .onMessage(FrameworkEvent.Error.class, m -> {
                        scheduler.error(driver, m.message());
                        return Behaviors.same();
                    })
                    .build();
        }));
    }
}
