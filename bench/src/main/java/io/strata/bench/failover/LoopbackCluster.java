package io.strata.bench.failover;

import io.strata.tls.ClusterTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Three {@code strata master} processes and some {@code strata agent} processes, each on its own
 * loopback address (127.0.0.61-63 for masters, 127.0.0.71.. for agents) with its own home, as
 * separate hosts would run them. The first master starts the cluster, so it is the oldest master
 * node, hosts the master singleton and makes the cluster CA; the others join with a join token
 * from its HTTPS API. Closing stops every process by PID, and every task
 * process the harness was told about.
 */
final class LoopbackCluster implements AutoCloseable {

    static final int MASTERS = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final List<NodeProcess> masters = new ArrayList<>();
    private final List<String> apis = new ArrayList<>();
    private final List<NodeProcess> agents = new ArrayList<>();
    private final Set<Long> taskPids = ConcurrentHashMap.newKeySet();
    private Path caFile;
    private Path firstHome;

    private LoopbackCluster() {
    }

    static LoopbackCluster start(Path dir, int agentCount) throws Exception {
        LoopbackCluster c = new LoopbackCluster();
        try {
            String seed = null;
            String token = null;
            // One process after another, as hosts are brought up: six JVMs starting at once on a
            // shared 2-core machine starve each other's heartbeats for seconds (JIT compilation),
            // which the production failure detector rightly takes for dead nodes.
            for (int i = 0; i < MASTERS; i++) {
                String host = "127.0.0." + (61 + i);
                int port = freePort(host);
                int apiPort = freePort(host);
                // --masters: the control store needs 2 of the 3, as in production.
                List<String> args = new ArrayList<>(List.of("master", "--host", host, "--port", "" + port,
                        "--api-port", "" + apiPort, "--masters", "" + MASTERS));
                if (seed != null) {
                    args.addAll(List.of("--seed", seed, "--token", token));
                }
                NodeProcess m = NodeProcess.start("master-" + (i + 1), dir, args);
                c.masters.add(m);
                c.apis.add("https://" + host + ":" + apiPort);
                // The first starts the cluster and stays the oldest master node: the one to kill.
                m.awaitOutput("Strata master listening", START_TIMEOUT);
                if (seed == null) {
                    seed = host + ":" + port;
                    c.caFile = dir.resolve("master-1").resolve("tls").resolve("ca.crt");
                    token = joinToken(c.caFile, dir.resolve("master-1"), c.apis.get(0));
                    c.firstHome = dir.resolve("master-1");
                }
            }
            for (int i = 0; i < agentCount; i++) {
                String host = "127.0.0." + (71 + i);
                NodeProcess a = NodeProcess.start("agent-" + (i + 1), dir, List.of("agent", "--join", seed,
                        "--host", host, "--port", "" + freePort(host), "--cpus", "1", "--mem", "1024",
                        "--disk", "1024", "--ports", "31000-31009", "--token", token));
                c.agents.add(a);
                a.awaitOutput("Strata agent on", START_TIMEOUT);
            }
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    /**
     * A join token from the first master's HTTPS API (it made the cluster CA): the other masters and
     * the agents join with it. The admin token is the one the first master wrote, if it wrote one.
     */
    private static String joinToken(Path caFile, Path home, String api) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + "/api/v1/join-tokens"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ttl\":\"1h\"}"));
        Path credentials = home.resolve("credentials.json");
        if (Files.exists(credentials)) {
            request.header("Authorization", "Bearer " + ClusterApi.JSON.readTree(credentials.toFile()).path("token").asText());
        }
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(ClusterTrust.sslContext(caFile)).build()
                .send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("POST /api/v1/join-tokens answered " + response.statusCode() + ": "
                    + response.body());
        }
        return ClusterApi.JSON.readTree(response.body()).path("token").asText();
    }

    /** The cluster CA's certificate (PEM), which the masters' HTTPS APIs are verified against. */
    Path caFile() {
        return caFile;
    }

    /** The API of master node {@code i} (0 is the first, which hosts the singleton). */
    String api(int i) {
        return apis.get(i);
    }

    /**
     * The admin token the first master wrote to its home's credentials.json; it does so once the
     * control store has its majority (the second master), so this waits for the file.
     */
    String token() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            java.util.Optional<String> token = io.strata.security.Credentials.read(firstHome);
            if (token.isPresent()) {
                return token.get();
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the first master wrote no " + io.strata.security.Credentials.path(firstHome));
    }

    NodeProcess master(int i) {
        return masters.get(i);
    }

    int agentCount() {
        return agents.size();
    }

    /**
     * Throws if a process has ended: a node the failure detector took for dead (downed, so it
     * stopped) would make the measurement one of a smaller cluster.
     */
    void checkAllAlive() {
        for (NodeProcess p : masters) {
            if (!p.isAlive()) {
                throw new IllegalStateException(p.name() + " ended before the kill: " + p.tail());
            }
        }
        for (NodeProcess p : agents) {
            if (!p.isAlive()) {
                throw new IllegalStateException(p.name() + " ended before the kill: " + p.tail());
            }
        }
    }

    /** A task process to kill on close should its agent not have done it. */
    void rememberTask(long pid) {
        taskPids.add(pid);
    }

    /** For failure messages: the last output of every process. */
    String outputs() {
        StringBuilder b = new StringBuilder();
        for (NodeProcess p : masters) {
            b.append("\n--- ").append(p.name()).append('\n').append(p.tail());
        }
        for (NodeProcess p : agents) {
            b.append("\n--- ").append(p.name()).append('\n').append(p.tail());
        }
        return b.toString();
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + host, e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        // Agents first: on SIGTERM they kill their tasks, and need no master for it.
        for (NodeProcess a : agents) {
            a.stop(Duration.ofSeconds(20));
        }
        for (NodeProcess m : masters) {
            m.stop(Duration.ofSeconds(20));
        }
        for (long pid : taskPids) {
            ProcessHandle.of(pid).ifPresent(p -> {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            });
        }
    }
}
