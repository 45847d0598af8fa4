package io.strata.bench.sharing;

import io.strata.allocator.AcceptResult;
import io.strata.allocator.AllocatorConfig;
import io.strata.allocator.DrfAllocator;
import io.strata.allocator.SteppedClock;
import io.strata.bench.sharing.SimFramework.JobRun;
import io.strata.bench.sharing.SimFramework.Launch;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * A discrete-event replay of a trace through Strata's real {@link DrfAllocator} on simulated agents:
 * no threads, no sleeps, time from a {@link SteppedClock}. Shared, one allocator offers the whole
 * cluster to all four frameworks; static, the agents are split into four partitions of given sizes,
 * each with its own allocator and one framework. Everything else (framework behaviour, allocator settings,
 * allocation cadence) is the same in both, so the difference is the sharing alone.
 *
 * <p>Allocation runs as in the master: after each batch of simultaneous events (arrivals, task
 * ends) and at least every {@link #ALLOCATION_INTERVAL_MS} while any framework has tasks waiting.
 * Frameworks answer offers at once (no network in a simulation).
 */
final class SharingSimulation {

    /** Strata's defaults: strata.allocation-interval, and the refusal its frameworks decline with. */
    static final long ALLOCATION_INTERVAL_MS = 1000;
    static final Duration DECLINE_FILTER = Duration.ofSeconds(5);
    /** A trace that has not drained this long after its last arrival has a job that can never run. */
    private static final long DRAIN_LIMIT_MS = Duration.ofHours(48).toMillis();

    /**
     * @param completionsMs per framework, each job's arrival to its last task's end
     * @param busyCpuMs     cpu-milliseconds of tasks run, for utilisation
     * @param busyMemMbMs   memory MB-milliseconds of tasks run
     */
    record Outcome(List<List<Long>> completionsMs, long makespanMs, long passes, long tasks, double busyCpuMs,
                   double busyMemMbMs) {

        /** Sum of the completion times of all jobs, or of framework {@code f}'s. */
        long totalMs() {
            return completionsMs.stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
        }

        long totalMs(int f) {
            return completionsMs.get(f).stream().mapToLong(Long::longValue).sum();
        }

        int jobs(int f) {
            return completionsMs.get(f).size();
        }
    }

    private record Event(long atMs, long seq, TraceJob arrival, Launch end, AgentId agent) {
    }

    private final SteppedClock clock = new SteppedClock();
    private final List<DrfAllocator> allocators = new ArrayList<>();
    private final DrfAllocator[] allocatorOf;
    private final SimFramework[] frameworks;
    private final Map<FrameworkId, SimFramework> byId = new HashMap<>();
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            Comparator.comparingLong(Event::atMs).thenComparingLong(Event::seq));
    private final List<List<Long>> completions = new ArrayList<>();
    private long seq;
    private long passes;
    private long tasks;
    private double busyCpuMs;
    private double busyMemMbMs;

    /** @param partitions agents per framework's partition, or one entry (all agents) when shared */
    private SharingSimulation(int[] partitions, Resources agent) {
        int parts = SharingTrace.FRAMEWORKS.size();
        boolean shared = partitions.length == 1;
        if (!shared && partitions.length != parts) {
            throw new IllegalArgumentException("one partition per framework, got " + partitions.length);
        }
        AllocatorConfig config = AllocatorConfig.defaults("sim");
        int i = 0;
        for (int size : partitions) {
            if (size < 1) {
                throw new IllegalArgumentException("a partition needs an agent, got " + size);
            }
            DrfAllocator a = new DrfAllocator(clock, config);
            allocators.add(a);
            for (int n = 0; n < size; n++, i++) {
                a.addAgent(AgentId.of(String.format("agent-%03d", i)), "10.0.0." + i, agent, Map.of());
            }
        }
        allocatorOf = new DrfAllocator[parts];
        frameworks = new SimFramework[parts];
        for (int f = 0; f < parts; f++) {
            frameworks[f] = new SimFramework(f);
            allocatorOf[f] = allocators.get(shared ? 0 : f);
            allocatorOf[f].addFramework(frameworks[f].id, "*");
            allocatorOf[f].suppress(frameworks[f].id);
            frameworks[f].suppressed = true;
            byId.put(frameworks[f].id, frameworks[f]);
            completions.add(new ArrayList<>());
        }
    }

    /** Replays {@code trace} on one allocator over {@code agents} agents until its last task ends. */
    static Outcome shared(List<TraceJob> trace, int agents, Resources agent) {
        return new SharingSimulation(new int[] {agents}, agent).replay(trace);
    }

    /** Replays {@code trace} with framework f alone on its own {@code partitions[f]} agents. */
    static Outcome partitioned(List<TraceJob> trace, int[] partitions, Resources agent) {
        return new SharingSimulation(partitions.clone(), agent).replay(trace);
    }

    private Outcome replay(List<TraceJob> trace) {
        long lastArrival = 0;
        for (TraceJob job : trace) {
            events.add(new Event(job.arrivalMs(), seq++, job, null, null));
            lastArrival = Math.max(lastArrival, job.arrivalMs());
        }
        long now = 0;
        long nextPass = Long.MAX_VALUE;
        while (!events.isEmpty() || nextPass != Long.MAX_VALUE) {
            now = events.isEmpty() ? nextPass : Math.min(events.peek().atMs(), nextPass);
            if (now > lastArrival + DRAIN_LIMIT_MS) {
                throw new IllegalStateException("the trace did not drain: tasks still waiting at " + now / 1000 + " s");
            }
            clock.set(now);
            while (!events.isEmpty() && events.peek().atMs() == now) {
                handle(events.poll(), now);
            }
            allocate(now);
            nextPass = anyWaiting() ? now + ALLOCATION_INTERVAL_MS : Long.MAX_VALUE;
        }
        checkDrained();
        return new Outcome(completions, now, passes, tasks, busyCpuMs, busyMemMbMs);
    }

    private void handle(Event e, long now) {
        if (e.arrival() != null) {
            SimFramework fw = frameworks[e.arrival().framework()];
            fw.arrive(new JobRun(e.arrival()));
            if (fw.suppressed) {
                allocatorOf[fw.index].revive(fw.id);
                fw.suppressed = false;
            }
            return;
        }
        JobRun run = e.end().run();
        int f = run.job.framework();
        allocatorOf[f].recover(e.agent(), frameworks[f].id, run.job.task());
        if (++run.ended == run.job.tasks()) {
            completions.get(f).add(now - run.job.arrivalMs());
        }
    }

    private void allocate(long now) {
        for (DrfAllocator allocator : allocators) {
            passes++;
            for (Offer offer : allocator.allocate()) {
                answer(allocator, offer, now);
            }
        }
        for (SimFramework fw : frameworks) {
            if (!fw.suppressed && !fw.hasWaitingTasks()) {
                allocatorOf[fw.index].suppress(fw.id);
                fw.suppressed = true;
            }
        }
    }

    private void answer(DrfAllocator allocator, Offer offer, long now) {
        SimFramework fw = byId.get(offer.frameworkId());
        List<Launch> launches = fw.take(offer.resources());
        if (launches.isEmpty()) {
            allocator.decline(offer.id(), fw.id, DECLINE_FILTER);
            return;
        }
        Resources task = launches.get(0).run().job.task();
        long cpus = 0;
        long mem = 0;
        for (Launch l : launches) {
            Resources r = l.run().job.task();
            cpus += r.milliCpus();
            mem += r.memMb();
            busyCpuMs += r.cpus() * l.durationMs();
            busyMemMbMs += (double) r.memMb() * l.durationMs();
            events.add(new Event(now + l.durationMs(), seq++, null, l, offer.agentId()));
        }
        tasks += launches.size();
        AcceptResult result = allocator.accept(offer.id(), fw.id, new Resources(cpus, mem, 0, PortRanges.EMPTY));
        if (!(result instanceof AcceptResult.Accepted)) {
            throw new IllegalStateException("the allocator rejected " + launches.size() + " tasks of " + task
                    + " from " + offer + ": " + result);
        }
    }

    /** Every task's resources came back: the replay drove the allocator's books correctly. */
    private void checkDrained() {
        for (DrfAllocator allocator : allocators) {
            allocator.checkInvariants();
        }
        for (SimFramework fw : frameworks) {
            Resources held = allocatorOf[fw.index].allocatedTo(fw.id);
            if (!held.isEmpty()) {
                throw new IllegalStateException(fw.id + " still holds " + held + " after its last task ended");
            }
        }
    }

    private boolean anyWaiting() {
        for (SimFramework fw : frameworks) {
            if (fw.hasWaitingTasks()) {
                return true;
            }
        }
        return false;
    }
}
