package io.strata.spark;

import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.resources.Volume;
import io.strata.spark.SparkProtocol.SubmissionRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The cluster-mode dispatcher's decisions: which queued driver goes into which offer, what a
 * driver's status means, when and where a supervised driver starts again, which ended submissions
 * are forgotten. Plain Java: no Pekko, no clock reads, no I/O. {@link SparkDispatcher} holds it,
 * stores what it saves ({@link SubmissionRecords}) and carries out what it decides.
 *
 * <p>A supervised driver (one with a checkpoint volume) restarts in place, as a service pod does:
 * on the agent that holds its volume, after a backoff that doubles with each failure in a row.
 * When that agent is gone for longer than {@link Supervision#agentLostGrace()}, the volume is
 * taken to be gone with it and the submission ends FAILED with a reason that says so: starting the
 * driver elsewhere without its checkpoint would count events again or lose its aggregation state.
 */
final class DriverQueue {

    static final String QUEUED = "QUEUED";
    static final String RESTARTING = "RESTARTING";
    /** Volume ids in the master are global; the dispatcher's carry this prefix. */
    static final String VOLUME_PREFIX = "spark-";

    /**
     * How supervised drivers restart.
     *
     * @param stableAfter    a driver that ran this long before it failed starts a new run of failures
     * @param maxFailures    failures in a row after which the driver is not started again
     * @param agentLostGrace how long the agent holding a volume may be away before the volume is given up
     */
    record Supervision(Duration firstBackoff, Duration maxBackoff, Duration stableAfter, int maxFailures,
                       Duration agentLostGrace) {
        static final Supervision DEFAULT = new Supervision(Duration.ofSeconds(2), Duration.ofMinutes(1),
                Duration.ofMinutes(5), 10, Duration.ofMinutes(2));

        long backoffMillis(int failures) {
            long delay = firstBackoff.toMillis() << Math.min(20, Math.max(0, failures - 1));
            return Math.min(delay, maxBackoff.toMillis());
        }
    }

    /** Where a checkpoint volume lives, and for which submission it was made. */
    record VolumeHome(String name, long sizeMb, String agentId, String submissionId) {
    }

    /** What a decision asks the dispatcher to do. */
    static final class Decisions {
        final Map<OfferId, List<TaskSpec>> launches = new LinkedHashMap<>();
        final List<OfferId> declines = new ArrayList<>();
        final List<TaskId> kills = new ArrayList<>();
        final Map<TaskId, Long> killGrace = new LinkedHashMap<>(); // millis; absent: the master's default
        final Map<String, DriverSubmission> saved = new LinkedHashMap<>();
        final List<String> forgotten = new ArrayList<>();
        final Map<String, VolumeHome> volumesSaved = new LinkedHashMap<>();
        final List<String> volumesDestroyed = new ArrayList<>();
        /** Whether the dispatcher wants offers now. */
        boolean wantOffers;
        /** A restart became due: forget the filters of earlier declines. */
        boolean revive;
    }

    private final SparkSettings settings;
    private final Supervision supervision;
    private final Map<String, DriverSubmission> submissions = new LinkedHashMap<>();
    private final Map<String, VolumeHome> volumes = new LinkedHashMap<>();

    DriverQueue(SparkSettings settings, Supervision supervision) {
        this.settings = settings;
        this.supervision = supervision;
    }

    /** The queue a dispatcher that takes over starts from: what the store holds, in submission order. */
    static DriverQueue restore(SparkSettings settings, Supervision supervision, Collection<DriverSubmission> stored,
                               Collection<VolumeHome> homes) {
        DriverQueue q = new DriverQueue(settings, supervision);
        stored.stream().sorted(java.util.Comparator.comparingLong(DriverSubmission::submittedAt).thenComparing(DriverSubmission::id))
                .forEach(s -> q.submissions.put(s.id(), s));
        homes.forEach(v -> q.volumes.put(v.name(), v));
        return q;
    }

    Collection<DriverSubmission> submissions() {
        return List.copyOf(submissions.values());
    }

    DriverSubmission get(String id) {
        return submissions.get(id);
    }

    VolumeHome volume(String name) {
        return volumes.get(name);
    }

    /** The driver tasks a dispatcher that takes over asks the master about. */
    List<TaskId> launched() {
        return submissions.values().stream().filter(s -> !s.ended() && !s.waiting()).map(s -> TaskId.of(s.taskId()))
                .toList();
    }

    /** Why this request cannot be queued now (its volume is taken), or null. */
    String problem(SubmissionRequest r) {
        String name = r.checkpointVolume() == null ? null : r.checkpointVolume().name();
        if (name == null) {
            return null;
        }
        for (DriverSubmission s : submissions.values()) {
            if (!s.ended() && name.equals(s.volumeName())) {
                return "checkpoint volume '" + name + "' is in use by submission " + s.id() + " (" + s.state()
                        + "); kill that submission first or name another volume";
            }
        }
        VolumeHome home = volumes.get(name);
        if (home != null && home.sizeMb() != r.checkpointVolume().sizeMb()) {
            return "checkpoint volume '" + name + "' exists with " + home.sizeMb() + " MB; ask for that size to resume"
                    + " from it, or destroy it first (DELETE /api/v1/spark/volumes/" + name + ")";
        }
        return null;
    }

    /** A new submission the store holds now: it waits for an offer. */
    DriverSubmission newSubmission(String id, SubmissionRequest r, long now) {
        VolumeHome home = r.checkpointVolume() == null ? null : volumes.get(r.checkpointVolume().name());
        String where = home == null ? "" : " on agent " + home.agentId() + ", which holds its checkpoint volume";
        return DriverSubmission.queued(id, r, "waiting for an offer with " + describe(demand(r, home == null)) + where, now);
    }

    Decisions admit(DriverSubmission s) {
        submissions.put(s.id(), s);
        Decisions d = new Decisions();
        d.wantOffers = true;
        d.revive = true;
        return d;
    }

    /** First come, first served: each waiting driver goes to the first offer it fits (its volume's agent, if any). */
    Decisions offers(List<Offer> offers, long now) {
        Decisions d = new Decisions();
        for (Offer offer : offers) {
            Resources left = offer.resources();
            List<TaskSpec> launch = new ArrayList<>();
            for (DriverSubmission s : submissions.values()) {
                if (!due(s, now)) {
                    continue;
                }
                VolumeHome home = s.volumeName() == null ? null : volumes.get(s.volumeName());
                if (home != null && !home.agentId().equals(offer.agentId().value())) {
                    continue;
                }
                Resources need = demand(s.request(), home == null);
                // A new checkpoint volume ties the driver and its executors to this agent: place it
                // only where its first executors fit too, or they would wait forever.
                Resources room = home == null && s.request().checkpointVolume() != null
                        ? need.plus(firstExecutors(s.request())) : need;
                if (!left.containsScalars(room)) {
                    continue;
                }
                // The Spark UI gets a port of the offer (none offered: the driver runs without its UI).
                Integer uiPort = SparkTasks.uiEnabled(s.request()) && !left.ports().isEmpty()
                        ? left.ports().list().get(0) : null;
                Resources taken = uiPort == null ? need : need.withPorts(PortRanges.ports(uiPort));
                left = left.minus(taken);
                DriverSubmission next = s.launched(offer.agentId().value(), "launching on " + offer.agentId().value()
                        + (s.runs() > 0 ? " (run " + (s.runs() + 1) + ", with its checkpoint volume)" : ""),
                        uiPort == null ? null : "http://" + offer.host() + ":" + uiPort);
                launch.add(task(next, uiPort));
                save(d, next);
                if (s.volumeName() != null && home == null) {
                    VolumeHome made = new VolumeHome(s.volumeName(), s.request().checkpointVolume().sizeMb(),
                            offer.agentId().value(), s.id());
                    volumes.put(made.name(), made);
                    d.volumesSaved.put(made.name(), made);
                }
            }
            if (launch.isEmpty()) {
                d.declines.add(offer.id());
            } else {
                d.launches.put(offer.id(), launch);
            }
        }
        d.wantOffers = wantsOffers();
        return d;
    }

    /** What a driver task's status means for its submission; statuses of earlier runs change nothing. */
    Decisions status(TaskStatus st, long now) {
        Decisions d = new Decisions();
        DriverSubmission s = byTask(st.taskId().value());
        if (s == null || s.ended() || s.waiting()) {
            d.wantOffers = wantsOffers();
            return d;
        }
        String agent = st.agentId() == null ? s.agentId() : st.agentId().value();
        DriverSubmission at = s.on(agent);
        if (!st.state().isTerminal()) {
            DriverSubmission next = st.state() == TaskState.RUNNING
                    ? at.to("RUNNING", "driver running (pid " + st.pid() + ")").running(now)
                    : at.to(st.state().name(), st.reason());
            save(d, next);
        } else if (s.request().supervised() && !s.killRequested()
                && (st.state() == TaskState.FAILED || st.state() == TaskState.LOST)) {
            save(d, afterFailure(at, st, now));
        } else {
            save(d, at.to(st.state().name(), st.reason()));
            prune(d);
        }
        d.wantOffers = wantsOffers();
        return d;
    }

    private DriverSubmission afterFailure(DriverSubmission s, TaskStatus st, long now) {
        boolean stable = s.runningSince() > 0 && now - s.runningSince() >= supervision.stableAfter().toMillis();
        int failures = stable ? 1 : s.failures() + 1;
        String what = "driver " + st.state() + (st.reason() == null || st.reason().isBlank() ? "" : " (" + st.reason() + ")");
        if (failures > supervision.maxFailures()) {
            return s.to("FAILED", what + "; it failed " + failures + " times in a row without running "
                    + supervision.stableAfter().toMinutes() + " min, so it is not started again");
        }
        long delay = supervision.backoffMillis(failures);
        return s.restarting(what + "; starting it again on agent " + s.agentId() + " with its checkpoint volume in "
                + Math.max(1, delay / 1000) + "s (failure " + failures + " of at most " + supervision.maxFailures()
                + " in a row)", failures, now + delay);
    }

    /**
     * Time passes and the master lists these active agents: waiting drivers whose volume's agent is
     * away longer than the grace end FAILED; restarts that became due want offers again.
     */
    Decisions tick(long now, Set<String> activeAgents) {
        Decisions d = new Decisions();
        for (DriverSubmission s : List.copyOf(submissions.values())) {
            if (!s.waiting() || s.volumeName() == null || !volumes.containsKey(s.volumeName())) {
                d.revive |= s.state().equals(RESTARTING) && s.restartAt() <= now;
                continue;
            }
            String agent = volumes.get(s.volumeName()).agentId();
            if (activeAgents.contains(agent)) {
                if (s.agentGoneSince() != 0) {
                    save(d, s.agentGone(0));
                }
                d.revive |= s.state().equals(RESTARTING) && s.restartAt() <= now;
            } else if (s.agentGoneSince() == 0) {
                save(d, s.agentGone(now).to(s.state(), s.reason() + "; agent " + agent
                        + ", which holds its checkpoint volume, is not in the cluster"));
            } else if (now - s.agentGoneSince() >= supervision.agentLostGrace().toMillis()) {
                save(d, s.to("FAILED", hostLost(s, agent, now - s.agentGoneSince())));
                prune(d);
            }
        }
        d.wantOffers = wantsOffers();
        return d;
    }

    static String hostLost(DriverSubmission s, String agent, long goneMillis) {
        return "agent " + agent + " has been gone for " + goneMillis / 1000 + "s and its checkpoint volume '"
                + s.volumeName() + "' with it; the driver is not started elsewhere, because without its checkpoint"
                + " it would count events again or lose its state. Start over: stop the pipeline and run it again (a job"
                + " submitted by hand: destroy the volume with DELETE /api/v1/spark/volumes/" + s.volumeName()
                + " and submit it again)";
    }

    /** An operator's kill: waiting ones end now; running ones once their driver reports its end. */
    Decisions kill(String id) {
        return kill(id, null);
    }

    /** {@code graceMillis}: the running driver's time between SIGTERM and SIGKILL (null: the default). */
    Decisions kill(String id, Long graceMillis) {
        Decisions d = new Decisions();
        DriverSubmission s = submissions.get(id);
        if (s == null || s.ended()) {
            d.wantOffers = wantsOffers();
            return d;
        }
        if (s.waiting()) {
            save(d, s.to("KILLED", s.state().equals(QUEUED) ? "killed before it started" : "killed while waiting to restart"));
            prune(d);
        } else {
            save(d, s.killAsked());
            d.kills.add(TaskId.of(s.taskId()));
            if (graceMillis != null) {
                d.killGrace.put(TaskId.of(s.taskId()), graceMillis);
            }
        }
        d.wantOffers = wantsOffers();
        return d;
    }

    /** Destroys a volume no live submission uses; returns why not, or null with the decision in {@code d}. */
    String destroyVolume(String name, Decisions d) {
        if (!volumes.containsKey(name)) {
            return "no checkpoint volume named '" + name + "'";
        }
        for (DriverSubmission s : submissions.values()) {
            if (!s.ended() && name.equals(s.volumeName())) {
                return "checkpoint volume '" + name + "' is in use by submission " + s.id() + " (" + s.state()
                        + "); kill that submission first";
            }
        }
        volumes.remove(name);
        d.volumesDestroyed.add(name);
        d.wantOffers = wantsOffers();
        return null;
    }

    /** The task of a submission's current run. */
    TaskSpec task(DriverSubmission s, Integer uiPort) {
        TaskSpec spec = SparkTasks.driver(settings, s.id(), s.request(), uiPort);
        Volume volume = s.request().checkpointVolume() == null ? null
                : new Volume(VOLUME_PREFIX + s.volumeName(), s.request().checkpointVolume().sizeMb());
        // The submission's group goes with the driver's task: its API token is scoped to it (TaskTokens).
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>(spec.labels());
        labels.put(io.strata.security.TaskTokens.GROUP_LABEL, s.request().groupName());
        return new TaskSpec(TaskId.of(s.taskId()), spec.name(), spec.command(), spec.args(), spec.env(),
                spec.resources(), labels, spec.files(), volume, null, spec.cpuBurst());
    }

    /** The executors a supervised driver starts with, which must run on its volume's agent. */
    static Resources firstExecutors(SubmissionRequest r) {
        Map<String, String> conf = r.conf();
        // Only what the submission asks for: an application that names no executor count may need none.
        String count = conf.getOrDefault("spark.executor.instances", conf.getOrDefault("spark.dynamicAllocation.minExecutors", "0"));
        try {
            int n = Math.max(0, Integer.parseInt(count.trim()));
            // The plug-in asks each executor's cpus as spark.strata.executor.cpus when given (task slots
            // may be more than the cpus: 4 slots for 4 partitions under a 1-cpu quota), else its cores.
            String cores0 = conf.getOrDefault("spark.executor.cores", "1");
            double cores = Double.parseDouble(conf.getOrDefault("spark.strata.executor.cpus", cores0).trim());
            long heap = SparkTasks.megabytes(conf.getOrDefault("spark.executor.memory", "1g"));
            long mem = heap + Math.max(384, heap / 10);
            return Resources.of(n * cores, n * mem);
        } catch (RuntimeException e) {
            return Resources.of(0, 0);
        }
    }

    /** The driver's resources, and a new volume's disk, which comes from the offer that creates it. */
    static Resources demand(SubmissionRequest r, boolean newVolume) {
        Resources driver = SparkTasks.driverResources(r);
        return newVolume && r.checkpointVolume() != null
                ? driver.plus(Resources.of(0, 0, r.checkpointVolume().sizeMb())) : driver;
    }

    static boolean isTerminal(String state) {
        return !state.equals(QUEUED) && !state.equals(RESTARTING) && TaskState.valueOf(state).isTerminal();
    }

    static String describe(Resources r) {
        return Resources.formatCpus(r.milliCpus()) + " cpus, " + r.memMb() + " MB mem"
                + (r.diskMb() > 0 ? ", " + r.diskMb() + " MB disk" : "");
    }

    private boolean due(DriverSubmission s, long now) {
        return s.state().equals(QUEUED) || s.state().equals(RESTARTING) && s.restartAt() <= now;
    }

    private boolean wantsOffers() {
        return submissions.values().stream().anyMatch(DriverSubmission::waiting);
    }

    private DriverSubmission byTask(String taskId) {
        for (DriverSubmission s : submissions.values()) {
            if (s.taskId().equals(taskId)) {
                return s;
            }
        }
        return null;
    }

    private void save(Decisions d, DriverSubmission s) {
        submissions.put(s.id(), s);
        d.saved.put(s.id(), s);
    }

    /** Keeps the newest {@code retainedEnded} ended submissions. */
    private void prune(Decisions d) {
        List<String> ended = submissions.values().stream().filter(DriverSubmission::ended).map(DriverSubmission::id).toList();
        for (int i = 0; i < ended.size() - settings.retainedEnded(); i++) {
            submissions.remove(ended.get(i));
            d.saved.remove(ended.get(i));
            d.forgotten.add(ended.get(i));
        }
    }
}
