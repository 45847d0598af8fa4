package io.strata.agent;

import io.strata.agent.process.LogChunk;
import io.strata.agent.process.Cgroups;
import io.strata.agent.process.ProcessSupervisor;
import io.strata.agent.process.TaskCheck;
import io.strata.agent.process.TaskUsers;
import io.strata.protocol.AgentCommand;
import io.strata.protocol.AgentCommand.*;
import io.strata.protocol.MasterCommand;
import io.strata.protocol.MasterCommand.AgentTask;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * One host's agent: reports its resources and tasks to the master every heartbeat, launches tasks
 * as OS processes through the {@link ProcessSupervisor} and forwards every status change. Tasks
 * outlive the agent: a restarted agent re-attaches to them from its checkpoints.
 */
public final class AgentActor extends AbstractBehavior<AgentCommand> {

    private enum Heartbeat implements AgentCommand { INSTANCE }

    /** A status from the supervisor's threads, brought onto the actor. */
    private record SupervisorStatus(TaskStatus status) implements AgentCommand {
    }

    private final AgentSettings settings;
    private final ActorRef<MasterCommand> master;
    private final ProcessSupervisor supervisor;
    /** Every task not yet acknowledged as ended by the master, in launch order. */
    private final Map<TaskId, AgentTask> tasks = new LinkedHashMap<>();
    private final ExecutorService killers;
    private final VolumeStore volumes;
    private final Clock clock;
    private final HostListeners listeners;
    /** The agent's own address; null if it does not resolve, then only wildcard listeners count. */
    private final InetAddress hostAddress;
    /** Ports of the range that other programs held at the last heartbeat. */
    private PortRanges heldElsewhere = PortRanges.EMPTY;
    private String masterEpoch = "";
    /**
     * The highest launch number received, and the master that numbered it, echoed in every
     * heartbeat: the master calls a task missing from a heartbeat LOST only once the echo shows the
     * task's launch reached this agent (or never will). Not checkpointed: a restarted agent speaks
     * from a new connection, which settles every launch sent to its previous run.
     */
    private String launchEpoch;
    private long launchSeq;
    /** Set once the agent is told to kill everything: it launches nothing more. */
    private boolean draining;

    public static Behavior<AgentCommand> create(AgentSettings settings, ActorRef<MasterCommand> master, Clock clock) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new AgentActor(ctx, timers, settings, master, clock)));
    }

    private AgentActor(ActorContext<AgentCommand> ctx, TimerScheduler<AgentCommand> timers, AgentSettings settings,
                       ActorRef<MasterCommand> master, Clock clock) {
        super(ctx);
        this.settings = settings;
        this.master = master;
        this.clock = clock;
        this.volumes = new VolumeStore(settings.workDir());
        this.listeners = settings.listeners();
        this.hostAddress = resolve(settings.host());
        ActorRef<AgentCommand> self = ctx.getSelf();
        TaskUsers users = settings.taskUsers() != null ? settings.taskUsers() : TaskUsers.forAgent(null);
        this.supervisor = new ProcessSupervisor(settings.id(), settings.host(), settings.workDir(), clock,
                status -> self.tell(new SupervisorStatus(status)), Cgroups.detect(settings.id()), users);
        this.killers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "strata-kill-" + settings.id());
            t.setDaemon(true);
            return t;
        });
        for (TaskStatus status : supervisor.recover()) {
            supervisor.spec(status.taskId()).ifPresent(spec ->
                    tasks.put(status.taskId(), new AgentTask(status.frameworkId(), spec, status)));
        }
        ctx.getLog().info("agent started agent={} host={} resources=[{}] recoveredTasks={} workDir={}",
                settings.id(), settings.host(), settings.resources(), tasks.size(), settings.workDir());
        sendHeartbeat();
        timers.startTimerWithFixedDelay(Heartbeat.INSTANCE, settings.heartbeatInterval());
    }

    @Override
    public Receive<AgentCommand> createReceive() {
        return newReceiveBuilder()
                .onMessageEquals(Heartbeat.INSTANCE, () -> {
                    sendHeartbeat();
                    return this;
                })
                .onMessage(Registered.class, this::onRegistered)
                .onMessage(LaunchTasks.class, this::onLaunch)
                .onMessage(LaunchesSent.class, m -> {
                    heardLaunch(m.masterEpoch(), m.launchSeq());
                    return this;
                })
                .onMessage(SupervisorStatus.class, this::onStatus)
                .onMessage(KillTask.class, this::onKill)
                .onMessage(AckTerminal.class, this::onAck)
                .onMessage(ReadLog.class, this::onReadLog)
                .onMessage(AgentCommand.RunCheck.class, this::onRunCheck)
                .onMessage(KillAll.class, this::onKillAll)
                .onMessage(DestroyVolume.class, this::onDestroyVolume)
                .onSignal(PostStop.class, s -> {
                    supervisor.close();
                    killers.shutdownNow();
                    return this;
                })
                .build();
    }

    private InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            getContext().getLog().warn("agent address does not resolve agent={} host={}; only ports other programs "
                    + "hold on every address are left out of offers", settings.id(), host);
            return null;
        }
    }

    private Behavior<AgentCommand> onRegistered(Registered m) {
        if (!m.masterEpoch().equals(masterEpoch)) {
            getContext().getLog().info("agent registered with master agent={} epoch={}", settings.id(), m.masterEpoch());
            masterEpoch = m.masterEpoch();
        }
        return this;
    }

    private void sendHeartbeat() {
        master.tell(new MasterCommand.AgentHeartbeat(settings.id(), settings.host(), offerable(),
                settings.attributes(), new ArrayList<>(tasks.values()), volumes.list(), getContext().getSelf(),
                launchEpoch, launchSeq));
    }

    /** Launches of one master arrive in its order; one of another master starts its numbering over. */
    private void heardLaunch(String epoch, Long seq) {
        if (epoch == null || seq == null) {
            return;
        }
        if (epoch.equals(launchEpoch)) {
            launchSeq = Math.max(launchSeq, seq);
        } else {
            launchEpoch = epoch;
            launchSeq = seq;
        }
    }

    /**
     * The agent's resources less the ports of its range that another program on this host listens
     * on (another cluster's server, a host daemon): a task given one would fail with "port in use".
     * Ports its own tasks hold stay; freed ports come back with the next heartbeat.
     */
    private Resources offerable() {
        Resources all = settings.resources();
        if (all.ports().isEmpty()) {
            return all;
        }
        PortRanges ours = PortRanges.EMPTY;
        for (AgentTask t : tasks.values()) {
            if (!t.status().state().isTerminal()) {
                ours = ours.plus(t.spec().resources().ports());
            }
        }
        PortRanges held = listeners.held(hostAddress, all.ports()).minus(ours);
        if (!held.equals(heldElsewhere)) {
            getContext().getLog().info("ports held by other programs agent={} host={} ports={}", settings.id(),
                    settings.host(), held.isEmpty() ? "none" : held);
            heldElsewhere = held;
        }
        return all.withPorts(all.ports().minus(held));
    }

    private Behavior<AgentCommand> onLaunch(LaunchTasks m) {
        heardLaunch(m.masterEpoch(), m.launchSeq());
        for (TaskSpec spec : m.tasks()) {
            if (draining) {
                master.tell(new MasterCommand.AgentStatusUpdate(new TaskStatus(spec.taskId(), m.frameworkId(),
                        settings.id(), TaskState.KILLED, "agent " + settings.id() + " is shutting down", null, null,
                        clock.millis())));
                continue;
            }
            if (tasks.containsKey(spec.taskId())) {
                getContext().getLog().warn("duplicate launch ignored task={}", spec.taskId());
                continue;
            }
            TaskStatus starting = new TaskStatus(spec.taskId(), m.frameworkId(), settings.id(), TaskState.STARTING,
                    "preparing sandbox", null, null, clock.millis());
            TaskSpec launched = spec;
            Path dir = null;
            if (spec.volume() != null) {
                try {
                    dir = volumes.ensure(m.frameworkId(), spec.volume());
                    Map<String, String> env = new HashMap<>(spec.env());
                    env.put("STRATA_VOLUME", dir.toString());
                    launched = spec.withEnv(env);
                } catch (IOException e) {
                    master.tell(new MasterCommand.AgentStatusUpdate(starting.withState(TaskState.FAILED,
                            "cannot create volume " + spec.volume().id() + ": " + e.getMessage(), clock.millis())));
                    continue;
                }
            }
            String shared = spec.labels().get(TaskSpec.SHARED_VOLUME_LABEL);
            Path sharedDir = null;
            if (shared != null) {
                sharedDir = volumes.existing(shared);
                if (sharedDir == null) {
                    master.tell(new MasterCommand.AgentStatusUpdate(starting.withState(TaskState.FAILED,
                            "cannot share volume " + shared + ": agent " + settings.id() + " has no such volume",
                            clock.millis())));
                    continue;
                }
            }
            tasks.put(spec.taskId(), new AgentTask(m.frameworkId(), spec, starting));
            supervisor.launch(m.frameworkId(), launched, dir, sharedDir);
        }
        return this;
    }

    private Behavior<AgentCommand> onStatus(SupervisorStatus m) {
        TaskStatus status = m.status();
        AgentTask known = tasks.get(status.taskId());
        if (known == null) {
            return this;
        }
        tasks.put(status.taskId(), new AgentTask(known.frameworkId(), known.spec(), status));
        master.tell(new MasterCommand.AgentStatusUpdate(status));
        return this;
    }

    private Behavior<AgentCommand> onKill(KillTask m) {
        AgentTask t = tasks.get(m.taskId());
        if (t == null || t.status().state().isTerminal()) {
            if (t != null) {
                master.tell(new MasterCommand.AgentStatusUpdate(t.status()));
            }
            return this;
        }
        getContext().getLog().info("killing task={} reason=\"{}\"", m.taskId(), m.reason());
        Duration grace = Duration.ofMillis(m.graceMillis());
        CompletableFuture.runAsync(() -> supervisor.kill(m.taskId(), grace), killers);
        return this;
    }

    private Behavior<AgentCommand> onAck(AckTerminal m) {
        AgentTask t = tasks.get(m.taskId());
        if (t != null && t.status().state().isTerminal()) {
            tasks.remove(m.taskId());
            supervisor.forget(m.taskId());
        }
        return this;
    }

    private Behavior<AgentCommand> onRunCheck(AgentCommand.RunCheck m) {
        CompletableFuture.supplyAsync(() -> TaskCheck.run(supervisor, m.taskId(), m.command(),
                Duration.ofMillis(m.timeoutMillis())), killers)
                .thenAccept(r -> m.replyTo().tell(new AgentCommand.CheckReply(m.taskId(), r.passed(), r.exitCode(),
                        r.output(), r.error())));
        return this;
    }

    private Behavior<AgentCommand> onReadLog(ReadLog m) {
        try {
            LogChunk chunk = supervisor.readLog(m.taskId(), m.stream(), m.offset(), m.maxBytes());
            m.replyTo().tell(new LogReply(chunk.data(), chunk.nextOffset(), true, null));
        } catch (NoSuchElementException e) {
            m.replyTo().tell(new LogReply("", m.offset(), false, "no task with id '" + m.taskId() + "' on " + settings.id()));
        } catch (IllegalArgumentException e) {
            m.replyTo().tell(new LogReply("", m.offset(), true, e.getMessage()));
        } catch (IOException e) {
            m.replyTo().tell(new LogReply("", m.offset(), true, "cannot read " + m.stream() + " of task '"
                    + m.taskId() + "': " + e.getMessage()));
        }
        return this;
    }

    private Behavior<AgentCommand> onDestroyVolume(DestroyVolume m) {
        for (AgentTask t : tasks.values()) {
            if (!t.status().state().isTerminal() && t.spec().volume() != null
                    && t.spec().volume().id().equals(m.volumeId())) {
                master.tell(new MasterCommand.VolumeDestroyed(settings.id(), m.volumeId(),
                        "task " + t.spec().taskId() + " still uses it"));
                return this;
            }
        }
        try {
            volumes.destroy(m.volumeId());
            getContext().getLog().info("volume destroyed agent={} volume={}", settings.id(), m.volumeId());
            master.tell(new MasterCommand.VolumeDestroyed(settings.id(), m.volumeId(), null));
        } catch (IOException e) {
            master.tell(new MasterCommand.VolumeDestroyed(settings.id(), m.volumeId(), e.getMessage()));
        }
        return this;
    }

    private Behavior<AgentCommand> onKillAll(KillAll m) {
        draining = true;
        Duration grace = Duration.ofMillis(m.graceMillis());
        ActorRef<Done> replyTo = m.replyTo();
        CompletableFuture.runAsync(() -> supervisor.killAll(grace), killers)
                .whenComplete((ok, err) -> replyTo.tell(new Done()));
        return this;
    }
}
