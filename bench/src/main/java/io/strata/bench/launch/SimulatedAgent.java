package io.strata.bench.launch;

import io.strata.protocol.AgentCommand;
import io.strata.protocol.MasterCommand;
import io.strata.protocol.MasterCommand.AgentTask;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An agent that speaks the real agent protocol but runs nothing: it registers and heartbeats
 * with its whole task list like {@code AgentActor}, answers a launch with STARTING then RUNNING at
 * once, a kill with KILLED, and forgets tasks the master acknowledged. The master cannot tell it
 * from a real agent, so what figure 3 measures is the master, the protocol and the driver. Each
 * heartbeat carries its send time (the wall clock), so the master can count how late it processed
 * it ({@code GetHeartbeatLags}).
 */
public final class SimulatedAgent {

    private enum Heartbeat implements AgentCommand { INSTANCE }

    /**
     * Heartbeat every {@code interval} from now on, the next one {@code phase} (0 to 1) of an
     * interval from now. Sent only inside the agents' own JVM (the heartbeat figures switch sides).
     */
    public record SetInterval(Duration interval, double phase) implements AgentCommand {
    }

    private SimulatedAgent() {
    }

    /**
     * As real agents started at different moments, the heartbeats after the first are {@code phase}
     * (0 to 1) of an interval apart from the other agents' with other phases.
     */
    public static Behavior<AgentCommand> create(AgentId id, String host, Resources total,
                                                ActorRef<MasterCommand> master, Duration heartbeat, double phase) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            Map<TaskId, AgentTask> tasks = new LinkedHashMap<>();
            // The highest launch number received and the epoch of the master that numbered it, echoed
            // like a real agent's, so the master can tell a lost launch from a late heartbeat.
            String[] epoch = {null};
            long[] seq = {0};
            Runnable beat = () -> master.tell(new MasterCommand.AgentHeartbeat(id, host, total, Map.of(),
                    new ArrayList<>(tasks.values()), List.of(), ctx.getSelf(), epoch[0], epoch[0] == null ? null : seq[0],
                    System.currentTimeMillis()));
            beat.run();
            timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, Heartbeat.INSTANCE, phased(heartbeat, phase), heartbeat);
            long[] pids = {100_000};
            return Behaviors.receive(AgentCommand.class)
                    .onMessageEquals(Heartbeat.INSTANCE, () -> {
                        beat.run();
                        return Behaviors.same();
                    })
                    .onMessage(SetInterval.class, m -> {
                        timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, Heartbeat.INSTANCE,
                                phased(m.interval(), m.phase()), m.interval());
                        return Behaviors.same();
                    })
                    .onMessage(AgentCommand.LaunchesSent.class, m -> {
                        echo(epoch, seq, m.masterEpoch(), m.launchSeq());
                        return Behaviors.same();
                    })
                    .onMessage(AgentCommand.LaunchTasks.class, m -> {
                        if (m.masterEpoch() != null && m.launchSeq() != null) {
                            echo(epoch, seq, m.masterEpoch(), m.launchSeq());
                        }
                        for (TaskSpec spec : m.tasks()) {
                            update(tasks, master, m.frameworkId(), spec, status(spec, m.frameworkId(), id,
                                    TaskState.STARTING, "preparing sandbox", null));
                            long pid = pids[0]++;
                            update(tasks, master, m.frameworkId(), spec, status(spec, m.frameworkId(), id,
                                    TaskState.RUNNING, "running as pid " + pid, pid));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(AgentCommand.KillTask.class, m -> {
                        AgentTask t = tasks.get(m.taskId());
                        if (t != null && !t.status().state().isTerminal()) {
                            update(tasks, master, t.frameworkId(), t.spec(), status(t.spec(), t.frameworkId(), id,
                                    TaskState.KILLED, "killed: " + m.reason(), null));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(AgentCommand.AckTerminal.class, m -> {
                        tasks.remove(m.taskId());
                        return Behaviors.same();
                    })
                    .onMessage(AgentCommand.KillAll.class, m -> {
                        m.replyTo().tell(new AgentCommand.Done());
                        return Behaviors.same();
                    })
                    .onMessage(AgentCommand.class, m -> Behaviors.same())
                    .build();
        }));
    }

    private static Duration phased(Duration interval, double phase) {
        return Duration.ofNanos(Math.max(1, (long) (interval.toNanos() * phase)));
    }

    private static void echo(String[] epoch, long[] seq, String masterEpoch, long n) {
        if (masterEpoch.equals(epoch[0])) {
            seq[0] = Math.max(seq[0], n);
        } else {
            epoch[0] = masterEpoch;
            seq[0] = n;
        }
    }

    private static TaskStatus status(TaskSpec spec, FrameworkId fw, AgentId agent, TaskState state, String reason,
                                     Long pid) {
        return new TaskStatus(spec.taskId(), fw, agent, state, reason, null, pid, System.currentTimeMillis());
    }

    private static void update(Map<TaskId, AgentTask> tasks, ActorRef<MasterCommand> master, FrameworkId fw,
                               TaskSpec spec, TaskStatus status) {
        tasks.put(spec.taskId(), new AgentTask(fw, spec, status));
        master.tell(new MasterCommand.AgentStatusUpdate(status));
    }
}
