package io.strata.bench.heartbeat;

import io.strata.bench.Stats;
import io.strata.bench.heartbeat.HeartbeatLoad.Outcome;
import io.strata.bench.heartbeat.HeartbeatLoad.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/** What both heartbeat figures say about their shared run: the method, every window, what was lost. */
final class HeartbeatNotes {

    private HeartbeatNotes() {
    }

    static List<Double> values(List<Window> ws, ToDoubleFunction<Window> f) {
        return ws.stream().mapToDouble(f).boxed().toList();
    }

    static List<Double> loads(Outcome o) {
        return values(o.windows(), Window::load);
    }

    static String common(Outcome o) {
        List<Window> fast = o.side(HeartbeatLoad.FAST);
        List<Window> slow = o.side(HeartbeatLoad.SLOW);
        String scale = o.agents() == 10_000 ? "" : String.format(Locale.ROOT,
                " SCALE: %d agents, not 10,000 (-Dstrata.bench.heartbeat.agents; the name is kept, the goal is"
                        + " for 10,000).", o.agents());
        double perBeatMicros = (Stats.median(values(fast, Window::cores)) - Stats.median(values(slow, Window::cores)))
                / (Stats.median(values(fast, Window::beatsPerS)) - Stats.median(values(slow, Window::beatsPerS))) * 1e6;
        return String.format(Locale.ROOT,
                "%d simulated agents (bench SimulatedAgent: the agent protocol, no processes) in %d separate"
                        + " agent-host JVMs, each a Strata node that joined the master's cluster over Pekko Artery TCP on"
                        + " loopback and reaches the master singleton through its proxy as real agents do; every"
                        + " heartbeat is JSON on the wire with the agent's whole task list (%d RUNNING tasks each, %d"
                        + " in all, launched by one framework in %.1f s before measuring) and its send time. The master"
                        + " (with its API and the idle framework) is the harness JVM. Windows of %.0f s alternate 1 s"
                        + " and 5 s heartbeats on the same cluster (%d each, after a settle of a few seconds per"
                        + " switch; heartbeat phases spread evenly over the interval); per window: master CPU ="
                        + " the JVM's CPU time / wall time; processing lag = master's clock when it has processed a"
                        + " heartbeat - the same clock when the heartbeat was deserialised in the master's JVM;"
                        + " end-to-end lag = master's clock when processed - the agent's clock when it sent it (same"
                        + " host; includes the agent host JVM's own stalls and Artery transit); both in 1 ms buckets,"
                        + " rounded up, counted by the master (GetHeartbeatLags). 1 s windows: cores %s; processing"
                        + " lag p50 %s ms, p99 %s ms, max %s ms; end-to-end lag p50 %s ms, p99 %s ms, max %s ms;"
                        + " heartbeats processed/s %s (expected %d), share with a noted arrival %s; agent-host JVMs'"
                        + " cores %s. 5 s windows: cores %s; processing lag p50 %s ms, p99 %s ms, max %s ms;"
                        + " end-to-end p50 %s ms, p99 %s ms, max %s ms; heartbeats/s %s (expected %d), share with"
                        + " a noted arrival %s; agent hosts' cores %s."
                        + " Tasks declared LOST: %d (goal 0); agents inactive at the end: %d; tasks RUNNING at the end:"
                        + " %d of %d. Load is per window in order 1 s, 5 s, 1 s, ... . Cluster failure detector with"
                        + " acceptable-heartbeat-pause 3 s and SBR stable-after 5 s on every node (reference.conf's"
                        + " advice for hosts that cannot promise sub-second pauses: here %d JVMs share the machine's"
                        + " cores); strata.agent-timeout at its default 10 s. Marginal master CPU per heartbeat"
                        + " (difference of the sides' median cores / difference of their heartbeat rates): %.0f us."
                        + " A first 1 s window after the launches (JIT warm-up) is not recorded.%s",
                o.agents(), o.hosts(), HeartbeatLoad.TASKS_PER_AGENT, o.agents() * HeartbeatLoad.TASKS_PER_AGENT,
                o.launchS(), o.windowS(), fast.size(),
                list(values(fast, Window::cores), "%.2f"), list(values(fast, w -> w.procP50()), "%.0f"),
                list(values(fast, w -> w.procP99()), "%.0f"), list(values(fast, w -> w.procMax()), "%.0f"),
                list(values(fast, w -> w.p50()), "%.0f"),
                list(values(fast, w -> w.p99()), "%.0f"), list(values(fast, w -> w.max()), "%.0f"),
                list(values(fast, Window::beatsPerS), "%.0f"), o.agents(), list(values(fast, Window::paired), "%.3f"),
                list(values(fast, Window::hostCores), "%.2f"),
                list(values(slow, Window::cores), "%.2f"), list(values(slow, w -> w.procP50()), "%.0f"),
                list(values(slow, w -> w.procP99()), "%.0f"), list(values(slow, w -> w.procMax()), "%.0f"),
                list(values(slow, w -> w.p50()), "%.0f"),
                list(values(slow, w -> w.p99()), "%.0f"), list(values(slow, w -> w.max()), "%.0f"),
                list(values(slow, Window::beatsPerS), "%.0f"), o.agents() / 5, list(values(slow, Window::paired), "%.3f"),
                list(values(slow, Window::hostCores), "%.2f"),
                o.lost(), o.inactiveAgents(), o.tasksRunning(), o.agents() * HeartbeatLoad.TASKS_PER_AGENT,
                o.hosts() + 1, perBeatMicros, scale);
    }

    static String list(List<Double> xs, String format) {
        List<String> out = new ArrayList<>();
        for (double x : xs) {
            out.add(String.format(Locale.ROOT, format, x));
        }
        return String.join(", ", out);
    }

    static double median(List<Double> xs) {
        return Stats.median(xs);
    }
}
