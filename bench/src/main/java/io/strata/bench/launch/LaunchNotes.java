package io.strata.bench.launch;

import io.strata.bench.Stats;
import io.strata.bench.heartbeat.AgentHostProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The notes of figure 3: its method, every run and what the bytes on the wire come to. */
final class LaunchNotes {

    private LaunchNotes() {
    }

    static String notes(int agents, int hosts, int tasks, int warmupTasks, double registerS,
                        List<SimulatedLaunchFigure.Run> runs, WireSizes sizes) {
        List<Double> rates = runs.stream().map(SimulatedLaunchFigure.Run::rate).toList();
        double median = Stats.median(rates);
        SimulatedLaunchFigure.Run typical = runs.get(rates.indexOf(median));
        List<String> each = new ArrayList<>();
        for (SimulatedLaunchFigure.Run r : runs) {
            each.add(String.format(Locale.ROOT, "%.0f/s (%.2f s, p50 %.0f ms, p99 %.0f ms, load %.2f%s)", r.rate(),
                    r.seconds(), r.p50Ms(), r.p99Ms(), r.load(), r.wireBytes() < 0 ? ""
                            : String.format(Locale.ROOT, ", %.1f MB", r.wireBytes() / 1e6)));
        }
        int lost = runs.stream().mapToInt(SimulatedLaunchFigure.Run::lost).sum();
        double bytesPerTask = Stats.median(runs.stream().map(r -> (double) r.wireBytes() / tasks).toList());
        return String.format(Locale.ROOT,
                "%d tasks (0.25 cpu, 256 MB) per run on %d simulated agents (25 cpus, 25 GB: 100 tasks each) in %d"
                        + " agent-host JVMs of their own that join the master's Pekko cluster over Artery TCP on"
                        + " loopback; the master (cluster singleton, allocator, registries) and its API run in the"
                        + " harness JVM, and so does the framework (one per run, on StrataSchedulerDriver, launching"
                        + " as many tasks as fit into each offer). Agents speak the real agent protocol as JSON"
                        + " (Pekko jackson-json) over the socket, answer each launch with STARTING and RUNNING at"
                        + " once (no processes) and heartbeat every 1 s (the default) with their whole task list."
                        + " Artery's outbound queue per connection is raised from 3,072 to %,d messages on both sides:"
                        + " 500 agents share one connection per host where real agents have one each (with the default"
                        + " a teardown's 10,000 kills per host overflowed it, 72%% were dropped and the master does not"
                        + " send a kill again)."
                        + " Registration untimed: the agents registered (%.1f s) before the first framework started."
                        + " An unmeasured warm-up run of %d tasks first; after each run the framework is torn down"
                        + " and the next starts once the master has every resource back (empty cluster). Rate ="
                        + " tasks / (last RUNNING seen by the framework - first launch call); median of %d runs: %s."
                        + " Median run's per-task launch-to-RUNNING: p50 %.0f ms, p99 %.0f ms, max %.0f ms (every"
                        + " task is in flight at once: these are queueing times). LOST updates: %d. On the wire:"
                        + " the agent hosts read and wrote %s per task launched (rchar + wchar of /proc/PID/io from"
                        + " the first launch to the last RUNNING: launches, STARTING and RUNNING updates, the"
                        + " heartbeats in that span, cluster gossip); as JSON, a launch of one agent's 100 tasks is"
                        + " %d bytes, one RUNNING update %d bytes, one heartbeat with 100 tasks %d bytes (every"
                        + " second from every agent). Peer: Nomad C1M's published 3,750/s (1M containers on 5,000"
                        + " hosts in < 5 min, real hosts): context, not same-run.%s",
                tasks, agents, hosts, AgentHostProcess.OUTBOUND_QUEUE, registerS, warmupTasks, runs.size(), String.join(", ", each), typical.p50Ms(),
                typical.p99Ms(), typical.maxMs(), lost,
                bytesPerTask < 0 ? "(not readable here)" : String.format(Locale.ROOT, "%.0f bytes", bytesPerTask),
                sizes.launch100(), sizes.running(), sizes.heartbeat100(),
                median >= 5000 ? " Goal met." : " Goal missed.");
    }
}
