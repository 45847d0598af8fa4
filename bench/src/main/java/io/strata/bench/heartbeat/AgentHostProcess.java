package io.strata.bench.heartbeat;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.Cluster;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@link AgentHost} JVM as the harness sees it: started on the harness's class path, told
 * through its stdin, stopped by its pid (SIGTERM, then SIGKILL) when closed, and by a shutdown
 * hook if the harness is stopped first. Used by the heartbeat figures and figure 3.
 */
public final class AgentHostProcess implements AutoCloseable {

    /**
     * The cluster failure detector and downing as reference.conf advises for hosts that cannot
     * promise sub-second pauses: here several JVMs share two cores with the master under test.
     * {@link #CLUSTER_TIMINGS} for the agent hosts' command lines, this for the master's config.
     */
    public static final String MASTER_CLUSTER_TIMINGS = "pekko.cluster.failure-detector.acceptable-heartbeat-pause = 3s\n"
            + "pekko.cluster.split-brain-resolver.stable-after = 5s\n";
    /**
     * Artery's queue of messages waiting for one connection (3,072 by default) drops what does
     * not fit. A real agent has a connection of its own and at most 100 tasks here, so at most a
     * few hundred launches, updates or kills queue for it; hundreds or thousands of simulated agents
     * share one connection per agent host, and a launch burst or a teardown queues tens of thousands
     * of messages on it at once (with the default most of a teardown's kills were dropped, and the
     * master does not send a kill again). Raised on both sides so the queue holds what that many
     * real connections would: {@link #SHARED_CONNECTION_QUEUE} for the master's config,
     * {@link #SHARED_CONNECTION_QUEUE_FLAGS} for the agent hosts.
     */
    public static final int OUTBOUND_QUEUE = 262_144;
    private static final String QUEUE_KEY = "pekko.remote.artery.advanced.outbound-message-queue-size";
    public static final String SHARED_CONNECTION_QUEUE = QUEUE_KEY + " = " + OUTBOUND_QUEUE + "\n";
    public static final List<String> SHARED_CONNECTION_QUEUE_FLAGS = List.of("-D" + QUEUE_KEY + "=" + OUTBOUND_QUEUE);

    static final List<String> CLUSTER_TIMINGS = List.of(
            "-Dpekko.cluster.failure-detector.acceptable-heartbeat-pause=3s",
            "-Dpekko.cluster.split-brain-resolver.stable-after=5s");

    private final String name;
    private final Process process;
    private final Path out;
    private final Thread onExit;
    private int seq;

    private AgentHostProcess(String name, Process process, Path out) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.onExit = new Thread(process::destroyForcibly, "bench-kill-" + name);
        Runtime.getRuntime().addShutdownHook(onExit);
    }

    /**
     * Starts {@code hosts} agent-host JVMs that together run {@code agents} simulated agents of
     * {@code cpus} and {@code memMb} each and join the cluster of {@code system} (the master's);
     * adds each to {@code into} as it starts (so the caller stops them even when this fails) and
     * returns once every host has spawned its agents (not yet registered with the master).
     * {@code moreFlags} go to each host's JVM after the common ones.
     */
    public static void startHosts(List<AgentHostProcess> into, Path dir, ActorSystem<?> system, int agents, int hosts,
                                  Duration interval, double cpus, long memMb, String maxHeap, List<String> moreFlags)
            throws IOException, InterruptedException {
        String seed = "127.0.0.1:" + Cluster.get(system).selfMember().address().getPort().get();
        List<String> flags = new ArrayList<>(List.of("-Xms256m", "-Xmx" + maxHeap));
        flags.addAll(CLUSTER_TIMINGS);
        flags.addAll(moreFlags);
        List<AgentHostProcess> started = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            int first = h * agents / hosts;
            int count = (h + 1) * agents / hosts - first;
            AgentHostProcess p = start("agent-host-" + h, dir, seed, first, count, agents, interval, cpus, memMb, flags);
            into.add(p);
            started.add(p);
        }
        for (AgentHostProcess p : started) {
            p.awaitReady(Duration.ofSeconds(120));
        }
    }

    /** JVM flags of every agent host and of nothing else; see {@link #CLUSTER_TIMINGS}. */
    static AgentHostProcess start(String name, Path dir, String seed, int first, int count, int totalAgents,
                                  Duration interval, double cpus, long memMb, List<String> jvmFlags)
            throws IOException {
        Files.createDirectories(dir);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvmFlags);
        cmd.add("-Dstrata.bench.log=" + dir.resolve(name + ".log"));
        cmd.add("-cp");
        cmd.add(absoluteClassPath());
        cmd.add(AgentHost.class.getName());
        cmd.addAll(List.of(seed, Integer.toString(first), Integer.toString(count), Integer.toString(totalAgents),
                Long.toString(interval.toMillis()), Double.toString(cpus), Long.toString(memMb)));
        Path out = dir.resolve(name + ".out");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).start();
        return new AgentHostProcess(name, p, out);
    }

    /** The harness's class path (the bench's classes too), absolute: the host runs in a folder of its own. */
    private static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            entries.add(Path.of(e).toAbsolutePath().normalize().toString());
        }
        return String.join(java.io.File.pathSeparator, entries);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Bytes the JVM has passed to read and write calls so far ({@code rchar + wchar} of
     * /proc/PID/io): its TCP traffic with the master and the other host, plus its few log lines;
     * -1 where /proc cannot be read.
     */
    public long ioBytes() {
        try {
            long sum = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "io"))) {
                if (line.startsWith("rchar:") || line.startsWith("wchar:")) {
                    sum += Long.parseLong(line.substring(6).trim());
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** CPU time the JVM has used so far, in seconds. */
    public double cpuSeconds() {
        return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }

    void awaitReady(Duration timeout) throws InterruptedException {
        awaitOutput("ready ", timeout);
    }

    /** Sets every agent's heartbeat interval; returns once the host has told them. */
    void setInterval(Duration interval, Duration timeout) throws IOException, InterruptedException {
        String line = "interval " + interval.toMillis() + " " + (++seq);
        OutputStream in = process.getOutputStream();
        in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        awaitOutput(line, timeout);
    }

    private void awaitOutput(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!output().contains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " ended early: " + tail());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " did not print '" + text + "' within " + timeout.toSeconds()
                        + " s: " + tail());
            }
            Thread.sleep(50);
        }
    }

    public void checkAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " ended early: " + tail());
        }
    }

    private String output() {
        try {
            return Files.readString(out);
        } catch (IOException e) {
            return "";
        }
    }

    public String tail() {
        String o = output();
        return o.length() > 2000 ? "..." + o.substring(o.length() - 2000) : o;
    }

    /** Asks it to stop, then SIGTERM and SIGKILL by pid, its descendants too. */
    @Override
    public void close() throws InterruptedException {
        try {
            OutputStream in = process.getOutputStream();
            in.write("stop\n".getBytes(StandardCharsets.UTF_8));
            in.close();
        } catch (IOException ended) {
            // it is gone already
        }
        List<ProcessHandle> all = process.descendants().toList();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        try {
            Runtime.getRuntime().removeShutdownHook(onExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook kills it
        }
    }
}
