package io.strata.scheduler;

import io.strata.protocol.FrameworkEvent;
import io.strata.protocol.MasterCommand;
import io.strata.resources.FrameworkId;
import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * The scheduler driver: an actor on the framework's own node that keeps the framework registered
 * (heartbeats double as registration, so a new master learns of it at once), delivers master
 * events to the {@link Scheduler} one at a time and reconciles every task after a re-registration.
 */
public final class StrataSchedulerDriver implements SchedulerDriver {

    private final FrameworkInfo info;
    private final ActorRef<MasterCommand> master;
    private final ActorRef<FrameworkEvent> actor;

    private StrataSchedulerDriver(ActorSystem<?> system, ActorRef<MasterCommand> master, FrameworkInfo info,
                                  Scheduler scheduler, Duration heartbeat) {
        this.info = info;
        this.master = master;
        this.actor = system.systemActorOf(DriverActor.create(this, master, info, scheduler, heartbeat),
                "framework-" + info.id().value(), Props.empty());
    }

    public static StrataSchedulerDriver start(ActorSystem<?> system, ActorRef<MasterCommand> master,
                                              FrameworkInfo info, Scheduler scheduler, Duration heartbeat) {
        return new StrataSchedulerDriver(system, master, info, scheduler, heartbeat);
    }

    public static StrataSchedulerDriver start(ActorSystem<?> system, ActorRef<MasterCommand> master,
                                              FrameworkInfo info, Scheduler scheduler) {
        Duration heartbeat = system.settings().config().getDuration("strata.heartbeat-interval");
        return start(system, master, info, scheduler, heartbeat);
    }

    @Override
    public FrameworkId frameworkId() {
        return info.id();
    }

    @Override
    public void launch(OfferId offerId, List<TaskSpec> tasks) {
        // The master answers with STAGING for each task, which is how the driver starts tracking it;
        // touching the actor here could race its construction (callbacks may run before it is set).
        master.tell(new MasterCommand.Accept(info.id(), offerId, List.copyOf(tasks)));
    }

    @Override
    public void decline(OfferId offerId, Duration refuse) {
        master.tell(new MasterCommand.Decline(info.id(), offerId, refuse.toMillis()));
    }

    @Override
    public void suppress() {
        master.tell(new MasterCommand.Suppress(info.id()));
    }

    @Override
    public void revive() {
        master.tell(new MasterCommand.Revive(info.id()));
    }

    @Override
    public void kill(TaskId taskId) {
        master.tell(new MasterCommand.Kill(info.id(), taskId));
    }

    @Override
    public void kill(TaskId taskId, Duration grace) {
        master.tell(new MasterCommand.Kill(info.id(), taskId, grace.toMillis()));
    }

    @Override
    public void reconcile(Collection<TaskId> taskIds) {
        master.tell(new MasterCommand.Reconcile(info.id(), List.copyOf(taskIds)));
    }

    @Override
    public void destroyVolume(String volumeId) {
        master.tell(new MasterCommand.DestroyVolume(info.id(), volumeId));
    }

    @Override
    public void stop(boolean teardown) {
        if (teardown) {
            master.tell(new MasterCommand.Teardown(info.id()));
        }
        actor.tell(DriverActor.Stop.INSTANCE);
    }
}
