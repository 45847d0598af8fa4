package io.strata.service;

import io.strata.protocol.ClusterState;
import io.strata.protocol.MasterCommand;
import io.strata.protocol.StrataMessage;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.resources.Volume;
import io.strata.scheduler.FrameworkInfo;
import io.strata.scheduler.Scheduler;
import io.strata.scheduler.SchedulerDriver;
import io.strata.scheduler.StrataSchedulerDriver;
import io.strata.service.ServiceProtocol.Reply;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs one service: a framework of its own that places pods on offers, launches them, restarts
 * failed ones in place (on the agent with their volume, with backoff), rolls restarts, replaces,
 * scales up and tears down. The pod table is saved on every change.
 */
final class ServiceScheduler extends AbstractBehavior<ServiceScheduler.Msg> {

    interface Msg extends StrataMessage {
    }

    record Op(ServiceProtocol.Command command) implements Msg {
    }

    private record OffersIn(List<Offer> offers) implements Msg {
    }

    private record RescindIn(OfferId offerId) implements Msg {
    }

    private record StatusIn(TaskStatus status) implements Msg {
    }

    private record ReadyIn(String podId, String taskId, boolean ready, String detail) implements Msg {
    }

    private record VolumesIn(Set<String> volumes) implements Msg {
    }

    private enum Tick implements Msg { INSTANCE }

    private static final Duration HOLD_OFFERS = Duration.ofSeconds(10);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** Readiness checks open client connections: not more often than this per pod. */
    private static final Duration CHECK_EVERY = Duration.ofSeconds(2);

    private final ServiceType type;
    private final ActorRef<MasterCommand> master;
    private final ServiceStore store;
    private final Clock clock;
    private final Executor checks;
    private final SchedulerDriver driver;
    private final Map<OfferId, Offer> held = new LinkedHashMap<>();
    private final Set<String> checking = new HashSet<>();
    private final Map<String, Long> lastCheck = new HashMap<>();
    private final List<String> rollingQueue = new ArrayList<>();
    /** Pods of the rolling restart that were stopped and have not been ready since. */
    private final Set<String> rollingStarted = new HashSet<>();
    private ServiceDefinition definition;
    private ServiceRecord record;
    private long holdingSinceMillis = -1;
    private String placementReason = "";
    private boolean suppressed;

    static Behavior<Msg> create(ServiceType type, ServiceRecord record, ActorRef<MasterCommand> master,
                                ServiceStore store, Clock clock, Executor checks) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            timers.startTimerWithFixedDelay(Tick.INSTANCE, Duration.ofMillis(500));
            return new ServiceScheduler(ctx, type, record, master, store, clock, checks);
        }));
    }

    private ServiceScheduler(ActorContext<Msg> ctx, ServiceType type, ServiceRecord record,
                             ActorRef<MasterCommand> master, ServiceStore store, Clock clock, Executor checks) {
        super(ctx);
        this.type = type;
        this.master = master;
        this.store = store;
        this.clock = clock;
        this.checks = checks;
        this.record = record;
        this.definition = type.definition(record.name(), record.config());
        ActorRef<Msg> self = ctx.getSelf();
        FrameworkInfo info = new FrameworkInfo(FrameworkId.of(record.frameworkId()), type.name() + ":" + record.name(),
                "*");
        this.driver = StrataSchedulerDriver.start(ctx.getSystem(), master, info, new Scheduler() {
            @Override
            public void resourceOffers(SchedulerDriver d, List<Offer> offers) {
                self.tell(new OffersIn(offers));
            }

            @Override
            public void offerRescinded(SchedulerDriver d, OfferId offerId) {
                self.tell(new RescindIn(offerId));
            }

            @Override
            public void statusUpdate(SchedulerDriver d, TaskStatus status) {
                self.tell(new StatusIn(status));
            }
        });
        save();
    }

    @Override
    public Receive<Msg> createReceive() {
        return newReceiveBuilder()
                .onMessage(OffersIn.class, m -> {
                    m.offers().forEach(o -> held.put(o.id(), o));
                    if (holdingSinceMillis < 0) {
                        holdingSinceMillis = clock.millis();
                    }
                    placeAndLaunch();
                    return this;
                })
                .onMessage(RescindIn.class, m -> {
                    held.remove(m.offerId());
                    return this;
                })
                .onMessage(StatusIn.class, m -> onStatus(m.status()))
                .onMessage(ReadyIn.class, this::onReady)
                .onMessage(VolumesIn.class, this::onVolumes)
                .onMessage(Op.class, m -> onOp(m.command()))
                .onMessageEquals(Tick.INSTANCE, this::onTick)
                .build();
    }

    // ------------------------------------------------------------------ placement and launch

    private void placeAndLaunch() {
        if (record.deleting()) {
            declineAll(Duration.ofSeconds(5));
            return;
        }
        long now = clock.millis();
        List<OfferMatcher.Need> needs = needs(now);
        if (needs.isEmpty()) {
            declineAll(Duration.ofSeconds(5));
            return;
        }
        boolean together = definition.strategy() == ServiceDefinition.DeployStrategy.PARALLEL && !record.deployedOnce();
        List<OfferMatcher.Match> matches = OfferMatcher.match(new ArrayList<>(held.values()), needs, podsPerAgent());
        if (together && matches.size() < needs.size()) {
            placementReason = OfferMatcher.shortfall(List.copyOf(held.values()), unmet(needs, matches), 0);
            if (now - holdingSinceMillis > HOLD_OFFERS.toMillis()) {
                declineAll(Duration.ofSeconds(1));
            }
            markWaiting(needs, placementReason);
            return;
        }
        placementReason = matches.size() < needs.size()
                ? OfferMatcher.shortfall(List.copyOf(held.values()), unmet(needs, matches), 0) : "";
        markWaiting(unmet(needs, matches), placementReason);
        // Record every placement first: tasks are rendered with every pod's address (quorums, seeds).
        Map<String, OfferMatcher.Match> byPod = new HashMap<>();
        for (OfferMatcher.Match m : matches) {
            byPod.put(m.podId(), m);
            PodRecord pod = pod(m.podId());
            update(new PodRecord(pod.id(), pod.type(), pod.index(), m.placement(), pod.volumeId(), pod.volumeCreated(),
                    pod.taskId(), pod.attempt(), pod.restarts(), pod.state(), pod.reason(), pod.pendingOp(),
                    pod.avoidAgent(), pod.notBeforeMillis(), pod.replacing()));
        }
        ServiceView view = view();
        Map<OfferId, List<TaskSpec>> launches = new LinkedHashMap<>();
        for (OfferMatcher.Match m : matches) {
            PodRecord pod = pod(m.podId());
            int attempt = pod.attempt() + 1;
            String taskId = record.frameworkId() + "-" + pod.id() + "-" + attempt;
            TaskSpec base = definition.task(pod.view(), view);
            Map<String, String> labels = new HashMap<>(base.labels());
            labels.put("service", record.name());
            labels.put("pod", pod.id());
            TaskSpec spec = new TaskSpec(TaskId.of(taskId), record.name() + "-" + pod.id(), base.command(), base.args(),
                    base.env(), m.taskResources(), labels, base.files(),
                    templateOf(pod).volumeMb() > 0 ? new Volume(pod.volumeId(), templateOf(pod).volumeMb()) : null);
            launches.computeIfAbsent(m.offerId(), k -> new ArrayList<>()).add(spec);
            update(pod.launched(m.placement(), taskId, attempt));
        }
        launches.forEach((offerId, specs) -> {
            driver.launch(offerId, specs);
            held.remove(offerId);
        });
        getContext().getLog().info("service launched service={} pods={}", record.frameworkId(), byPod.keySet());
        declineAll(Duration.ofSeconds(1));
        save();
    }

    /** Pods that need an offer now, in deploy order; a serial service takes one pod at a time. */
    private List<OfferMatcher.Need> needs(long now) {
        List<OfferMatcher.Need> needs = new ArrayList<>();
        boolean serial = definition.strategy() == ServiceDefinition.DeployStrategy.SERIAL;
        for (PodRecord pod : orderedPods()) {
            boolean due = pod.state() == PodState.WAITING
                    || pod.state() == PodState.RESTARTING && now >= pod.notBeforeMillis();
            if (serial && !due && pod.state() != PodState.READY && pod.state() != PodState.DELETED) {
                break;
            }
            if (!due) {
                continue;
            }
            PodTemplate t = templateOf(pod);
            Placement p = pod.placement();
            boolean sticky = p != null && pod.volumeCreated();
            needs.add(new OfferMatcher.Need(pod.id(), t, sticky ? p.agentId() : null, sticky ? p.ports() : null,
                    pod.avoidAgent() == null ? null : AgentId.of(pod.avoidAgent()), !pod.volumeCreated(),
                    pod.replacing() == null ? null : pod.replacing().ports()));
            if (serial) {
                break;
            }
        }
        return needs;
    }

    private List<OfferMatcher.Need> unmet(List<OfferMatcher.Need> needs, List<OfferMatcher.Match> matches) {
        Set<String> matched = new HashSet<>();
        matches.forEach(m -> matched.add(m.podId()));
        return needs.stream().filter(n -> !matched.contains(n.podId())).toList();
    }

    private void markWaiting(List<OfferMatcher.Need> needs, String reason) {
        if (reason.isEmpty()) {
            return;
        }
        for (OfferMatcher.Need n : needs) {
            PodRecord pod = pod(n.podId());
            if (pod.state() == PodState.WAITING && !reason.equals(pod.reason())) {
                update(pod.with(PodState.WAITING, reason));
            }
        }
    }

    private Map<AgentId, Map<String, Integer>> podsPerAgent() {
        Map<AgentId, Map<String, Integer>> counts = new HashMap<>();
        for (PodRecord pod : record.pods()) {
            boolean holdsAgent = pod.placement() != null && pod.state() != PodState.WAITING
                    && pod.state() != PodState.DELETED;
            if (holdsAgent) {
                counts.computeIfAbsent(pod.placement().agentId(), k -> new HashMap<>()).merge(pod.type(), 1, Integer::sum);
            }
        }
        return counts;
    }

    private void declineAll(Duration refuse) {
        held.values().forEach(o -> driver.decline(o.id(), refuse));
        held.clear();
        holdingSinceMillis = -1;
    }

    // ------------------------------------------------------------------ task status

    private Behavior<Msg> onStatus(TaskStatus status) {
        PodRecord pod = podOfTask(status.taskId().value());
        if (pod == null) {
            return this;
        }
        TaskState s = status.state();
        if (!s.isTerminal()) {
            PodRecord next = pod.volumeCreated() ? pod : pod.withVolumeCreated();
            if (s == TaskState.RUNNING && pod.state() == PodState.STARTING) {
                next = next.with(PodState.RUNNING, "running; waiting for its readiness check");
            }
            update(next);
            save();
            return this;
        }
        boolean rejected = s == TaskState.LOST && status.reason().startsWith("launch rejected");
        if (rejected) {
            update(pod.with(PodState.WAITING, status.reason()));
        } else if (pod.state() == PodState.STOPPING && pod.pendingOp() != null) {
            afterStop(pod, status);
        } else if (record.deleting()) {
            update(pod.with(PodState.DELETED, "deleted"));
        } else {
            long backoff = Math.min(MAX_BACKOFF.toMillis(), 1000L << Math.min(5, pod.restarts()));
            String why = "restarting in place after: " + status.reason() + " (restart " + (pod.restarts() + 1) + ")";
            update(pod.restarting(why, clock.millis() + backoff));
            getContext().getLog().warn("pod failed service={} pod={} reason=\"{}\" backoffMs={}", record.frameworkId(),
                    pod.id(), status.reason(), backoff);
        }
        save();
        reviveIfNeeded();
        return this;
    }

    private void afterStop(PodRecord pod, TaskStatus status) {
        switch (pod.pendingOp()) {
            case RESTART -> update(pod.with(PodState.WAITING, "restarting on request"));
            case REPLACE -> {
                if (pod.volumeId() != null) {
                    driver.destroyVolume(pod.volumeId());
                }
                update(pod.replaced(newVolumeId(pod), "replacing: waiting for an agent other than "
                        + (pod.placement() == null ? "its old one" : pod.placement().agentId())));
            }
            case DELETE -> update(pod.with(PodState.DELETED, "deleted"));
        }
    }

    private Behavior<Msg> onReady(ReadyIn m) {
        checking.remove(m.podId());
        PodRecord pod = pod(m.podId());
        if (pod == null || !m.taskId().equals(pod.taskId()) || pod.state() != PodState.RUNNING) {
            return this;
        }
        if (m.ready()) {
            update(pod.with(PodState.READY, "ready").settled());
            getContext().getLog().info("pod ready service={} pod={} agent={}", record.frameworkId(), pod.id(),
                    pod.placement().agentId());
            if (!record.deployedOnce() && record.pods().stream().allMatch(p -> p.state() == PodState.READY)) {
                record = new ServiceRecord(record.type(), record.name(), record.config(), record.pods(), false, true);
            }
            save();
            advanceRollingRestart();
            reviveIfNeeded();
        } else if (!m.detail().isEmpty() && !m.detail().equals(pod.reason())) {
            update(pod.with(PodState.RUNNING, "not ready yet: " + m.detail()));
        }
        return this;
    }

    // ------------------------------------------------------------------ timer

    private Behavior<Msg> onTick() {
        long now = clock.millis();
        for (PodRecord pod : record.pods()) {
            boolean due = now - lastCheck.getOrDefault(pod.id(), 0L) >= CHECK_EVERY.toMillis();
            if (pod.state() == PodState.RUNNING && due && checking.add(pod.id())) {
                lastCheck.put(pod.id(), now);
                PodView podView = pod.view();
                ServiceView view = view();
                String taskId = pod.taskId();
                ActorRef<Msg> self = getContext().getSelf();
                CompletableFuture.supplyAsync(() -> {
                    try {
                        return new ReadyIn(podView.id(), taskId, definition.isReady(podView, view), "");
                    } catch (Exception e) {
                        return new ReadyIn(podView.id(), taskId, false, e.getMessage() == null ? e.toString() : e.getMessage());
                    }
                }, checks).thenAccept(self::tell);
            }
        }
        if (!held.isEmpty()) {
            placeAndLaunch();
        }
        reviveIfNeeded();
        if (record.deleting()) {
            checkDeleted();
        }
        return this;
    }

    private void reviveIfNeeded() {
        boolean want = !record.deleting() && !needs(clock.millis()).isEmpty();
        if (want && suppressed) {
            driver.revive();
            suppressed = false;
        } else if (!want && !suppressed) {
            driver.suppress();
            suppressed = true;
        } else if (want && held.isEmpty()) {
            // A restart whose backoff just ended wants the agent it holds back: clear old filters.
            driver.revive();
        }
    }

    // ------------------------------------------------------------------ operations

    private Behavior<Msg> onOp(ServiceProtocol.Command c) {
        if (c instanceof ServiceProtocol.Status s) {
            s.replyTo().tell(new ServiceProtocol.StatusReply(status(), null));
        } else if (c instanceof ServiceProtocol.Restart r) {
            r.replyTo().tell(startRollingRestart());
        } else if (c instanceof ServiceProtocol.Replace r) {
            r.replyTo().tell(replace(r.podId()));
        } else if (c instanceof ServiceProtocol.Scale s) {
            s.replyTo().tell(scale(s.config()));
        } else if (c instanceof ServiceProtocol.Delete d) {
            startDelete();
            d.replyTo().tell(Reply.ok());
        }
        return this;
    }

    private Reply startRollingRestart() {
        if (record.deleting()) {
            return Reply.error("service " + record.name() + " is being deleted");
        }
        if (!rollingQueue.isEmpty()) {
            return Reply.error("a rolling restart of " + record.name() + " is already running");
        }
        for (PodRecord p : orderedPods()) {
            rollingQueue.add(p.id());
        }
        advanceRollingRestart();
        return Reply.ok();
    }

    /** Restarts the next pod once every pod is ready again: one pod down at a time. */
    private void advanceRollingRestart() {
        while (!rollingQueue.isEmpty()) {
            PodRecord head = pod(rollingQueue.get(0));
            if (rollingStarted.contains(head.id())) {
                if (head.state() != PodState.READY) {
                    return;
                }
                rollingQueue.remove(0);
                rollingStarted.remove(head.id());
                continue;
            }
            if (record.pods().stream().anyMatch(p -> p.state() != PodState.READY)) {
                return;
            }
            rollingStarted.add(head.id());
            update(head.stopping(StopIntent.RESTART, "stopping for a rolling restart"));
            driver.kill(TaskId.of(head.taskId()));
            save();
            return;
        }
    }

    private Reply replace(String podId) {
        PodRecord pod = pod(podId);
        if (pod == null) {
            return Reply.error("unknown pod id '" + podId + "'; pods are " + record.pods().stream().map(PodRecord::id).toList());
        }
        if (record.deleting()) {
            return Reply.error("service " + record.name() + " is being deleted");
        }
        boolean live = pod.taskId() != null && (pod.state() == PodState.STARTING || pod.state() == PodState.RUNNING
                || pod.state() == PodState.READY);
        if (live) {
            update(pod.stopping(StopIntent.REPLACE, "stopping to move to another agent"));
            driver.kill(TaskId.of(pod.taskId()));
        } else {
            if (pod.volumeId() != null && pod.volumeCreated()) {
                driver.destroyVolume(pod.volumeId());
            }
            update(pod.replaced(newVolumeId(pod), "replacing: waiting for another agent"));
        }
        save();
        reviveIfNeeded();
        return Reply.ok();
    }

    private Reply scale(Map<String, String> newConfig) {
        ServiceDefinition next;
        try {
            next = type.definition(record.name(), newConfig);
        } catch (IllegalArgumentException e) {
            return Reply.error(e.getMessage());
        }
        List<PodRecord> pods = new ArrayList<>(record.pods());
        for (PodTemplate t : next.pods()) {
            long have = pods.stream().filter(p -> p.type().equals(t.type())).count();
            if (t.count() < have) {
                return Reply.error("scaling " + t.type() + " down from " + have + " to " + t.count()
                        + " is not supported; replace or delete pods instead");
            }
            for (int i = (int) have; i < t.count(); i++) {
                pods.add(PodRecord.fresh(t.type(), i, t.volumeMb() > 0 ? volumeId(t.type() + "-" + i) : null));
            }
        }
        definition = next;
        record = new ServiceRecord(record.type(), record.name(), newConfig, pods, record.deleting(), record.deployedOnce());
        save();
        reviveIfNeeded();
        return Reply.ok();
    }

    private void startDelete() {
        if (record.deleting()) {
            return;
        }
        record = new ServiceRecord(record.type(), record.name(), record.config(), record.pods(), true, record.deployedOnce());
        rollingQueue.clear();
        for (PodRecord pod : record.pods()) {
            boolean live = pod.taskId() != null && (pod.state() == PodState.STARTING || pod.state() == PodState.RUNNING
                    || pod.state() == PodState.READY || pod.state() == PodState.STOPPING);
            if (live) {
                update(pod.stopping(StopIntent.DELETE, "stopping: the service is being deleted"));
                driver.kill(TaskId.of(pod.taskId()));
            } else {
                update(pod.with(PodState.DELETED, "deleted"));
            }
            if (pod.volumeId() != null && pod.volumeCreated()) {
                driver.destroyVolume(pod.volumeId());
            }
        }
        declineAll(Duration.ofSeconds(5));
        driver.suppress();
        suppressed = true;
        save();
    }

    /** Deleted once every pod is gone and the master holds no volume of ours any more. */
    private void checkDeleted() {
        if (!record.pods().stream().allMatch(p -> p.state() == PodState.DELETED)) {
            return;
        }
        getContext().ask(ClusterState.class, master, Duration.ofSeconds(3), MasterCommand.GetState::new,
                (state, err) -> {
                    Set<String> ours = new HashSet<>();
                    if (state != null) {
                        state.volumes().stream().filter(v -> v.frameworkId().value().equals(record.frameworkId()))
                                .forEach(v -> ours.add(v.id()));
                    } else {
                        ours.add("?");
                    }
                    return new VolumesIn(ours);
                });
    }

    private Behavior<Msg> onVolumes(VolumesIn m) {
        if (!record.deleting() || !m.volumes().isEmpty()
                || !record.pods().stream().allMatch(p -> p.state() == PodState.DELETED)) {
            return this;
        }
        driver.stop(true);
        store.delete(record.name());
        getContext().getLog().info("service deleted service={}", record.frameworkId());
        return Behaviors.stopped();
    }

    // ------------------------------------------------------------------ views and records

    ServiceProtocol.ServiceStatus status() {
        List<ServiceProtocol.PodStatus> pods = new ArrayList<>();
        for (PodRecord p : orderedPods()) {
            Placement pl = p.placement();
            pods.add(new ServiceProtocol.PodStatus(p.id(), p.type(), p.index(), p.state().name(),
                    p.state() == PodState.READY, pl == null ? null : pl.agentId().value(), pl == null ? null : pl.host(),
                    pl == null ? Map.of() : pl.ports(), p.taskId(), p.restarts(), p.reason(), p.volumeId()));
        }
        boolean allReady = record.pods().stream().allMatch(p -> p.state() == PodState.READY);
        ServiceState state;
        if (record.deleting()) {
            state = ServiceState.DELETING;
        } else if (allReady) {
            state = ServiceState.RUNNING;
        } else if (!rollingQueue.isEmpty()) {
            state = ServiceState.RESTARTING;
        } else if (record.deployedOnce()) {
            state = ServiceState.DEGRADED;
        } else {
            state = ServiceState.DEPLOYING;
        }
        String reason = allReady ? "" : record.pods().stream().filter(p -> p.state() != PodState.READY)
                .map(p -> p.id() + ": " + p.reason()).findFirst().orElse("");
        String operation = rollingQueue.isEmpty() ? "" : "rolling restart: " + rollingQueue.size() + " pod(s) to go";
        Map<String, String> endpoints = record.pods().stream().allMatch(p -> p.placement() != null)
                ? definition.endpoints(view()) : Map.of();
        return new ServiceProtocol.ServiceStatus(type.name(), record.name(), record.frameworkId(), state.name(), reason,
                operation, record.config(), endpoints, pods);
    }

    private ServiceView view() {
        List<PodView> pods = new ArrayList<>();
        for (PodRecord p : orderedPods()) {
            if (p.placement() != null) {
                pods.add(p.view());
            }
        }
        return new ServiceView(record.name(), record.config(), pods);
    }

    private List<PodRecord> orderedPods() {
        List<String> typeOrder = definition.pods().stream().map(PodTemplate::type).toList();
        List<PodRecord> pods = new ArrayList<>(record.pods());
        pods.sort((a, b) -> a.type().equals(b.type()) ? Integer.compare(a.index(), b.index())
                : Integer.compare(typeOrder.indexOf(a.type()), typeOrder.indexOf(b.type())));
        return pods;
    }

    private PodTemplate templateOf(PodRecord pod) {
        return definition.pods().stream().filter(t -> t.type().equals(pod.type())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no pod type " + pod.type()));
    }

    private PodRecord pod(String id) {
        return record.pods().stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    private PodRecord podOfTask(String taskId) {
        return record.pods().stream().filter(p -> taskId.equals(p.taskId())).findFirst().orElse(null);
    }

    private void update(PodRecord pod) {
        List<PodRecord> pods = new ArrayList<>(record.pods());
        pods.replaceAll(p -> p.id().equals(pod.id()) ? pod : p);
        record = new ServiceRecord(record.type(), record.name(), record.config(), pods, record.deleting(),
                record.deployedOnce());
    }

    private void save() {
        if (!record.deleting() || !record.pods().stream().allMatch(p -> p.state() == PodState.DELETED)) {
            store.save(record);
        }
    }

    private String newVolumeId(PodRecord pod) {
        return volumeId(pod.id());
    }

    private String volumeId(String podId) {
        return record.frameworkId() + "-" + podId + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** A new service's record: every pod waiting, each with the id of the volume it will get. */
    static ServiceRecord newRecord(ServiceType type, String name, Map<String, String> config) {
        ServiceDefinition def = type.definition(name, config);
        List<PodRecord> pods = new ArrayList<>();
        for (PodTemplate t : def.pods()) {
            for (int i = 0; i < t.count(); i++) {
                String podId = t.type() + "-" + i;
                pods.add(PodRecord.fresh(t.type(), i, t.volumeMb() > 0
                        ? type.name() + "-" + name + "-" + podId + "-" + UUID.randomUUID().toString().substring(0, 8)
                        : null));
            }
        }
        return new ServiceRecord(type.name(), name, config, pods, false, false);
    }
}
