package io.strata.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Strata from the {@link Release} on namespace {@link Host}s: masters, agents and CLI commands, each
 * with the host's own home ({@code --home host.home()}, HOME = the host's folder) and light JVMs.
 *
 * <p>As on real hosts, the cluster runs TLS: the first master started makes the cluster CA
 * ({@code <home>/tls/ca.crt}); every other master and agent without a certificate of its own joins
 * with a join token this harness gets from the first master's HTTPS API (with the admin token in
 * that master's {@code credentials.json} when there is one). The tests' HTTP calls and the CLI on
 * the hosts trust that CA and send that admin token.
 */
public final class Strata {

    /** Small heaps and fast start-up: many JVMs share two cores in CI. */
    public static final String LIGHT_JVM = "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    public static final int CLUSTER_PORT = 25520;
    public static final int API_PORT = 8080;
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Release release;
    private volatile Host origin;
    private volatile ClusterCa ca;
    private volatile HttpClient https;
    private volatile String joinToken;
    private final Map<Host, HostProcess> nodes = new ConcurrentHashMap<>();
    private final Map<Host, List<String>> apis = new ConcurrentHashMap<>();
    private String javaOpts = LIGHT_JVM;

    public Strata(Release release) {
        this.release = release;
    }

    /** JVM options for every Strata process started from now on (STRATA_JAVA_OPTS). */
    public Strata javaOpts(String opts) {
        this.javaOpts = opts;
        return this;
    }

    public Release release() {
        return release;
    }

    /** The master whose address a pekko address (pekko://strata@10.251.7.11:25520) names. */
    public static Host hostOf(String pekkoAddress, List<Host> masters) {
        return masters.stream().filter(m -> pekkoAddress.contains("@" + m.address() + ":")).findFirst()
                .orElseThrow(() -> new AssertionError("no master at " + pekkoAddress + " among " + masters));
    }

    /**
     * Starts {@code strata master} on {@code host}, joining {@code seeds} (give every master, itself
     * included). The first master started, itself first among its seeds, starts the cluster and its CA;
     * any other master without a certificate joins with a join token.
     */
    public HostProcess master(Host host, List<Host> seeds, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("master", "--host", host.address(), "--port",
                String.valueOf(CLUSTER_PORT), "--api-port", String.valueOf(API_PORT)));
        for (Host seed : seeds) {
            args.addAll(List.of("--seed", clusterAddress(seed)));
        }
        if (origin == null && (seeds.isEmpty() || seeds.get(0) == host)) {
            origin = host;
        } else if (host != origin && !hasCertificate(host)) {
            args.addAll(List.of("--token", joinToken()));
        }
        args.addAll(List.of(extraArgs));
        return node(host, "master", args);
    }

    /**
     * Starts {@code strata master} on every one of {@code masters} (each with all of them as seeds) and
     * returns once every API answers. The first starts the cluster alone, so it is the oldest master
     * and runs the master singleton.
     */
    public Strata startMasters(List<Host> masters, Duration timeout) {
        master(masters.get(0), masters);
        awaitApi(masters.get(0), timeout);
        masters.subList(1, masters.size()).forEach(m -> master(m, masters));
        masters.forEach(m -> awaitApi(m, timeout));
        return this;
    }

    /** Starts {@code strata agent} on each of {@code agents}, joining through {@code master}. */
    public Strata startAgents(List<Host> agents, Host master, String... extraArgs) {
        agents.forEach(agent -> agent(agent, master, extraArgs));
        return this;
    }

    /** Waits until {@code strata status --json} on {@code client} lists {@code count} active agents; returns it. */
    public JsonNode awaitAgents(Host client, int count, Duration timeout) {
        return Await.until(timeout, count + " active agents through the CLI on " + client, () ->
                Optional.of(status(client)).filter(state -> activeAgentHosts(state).size() == count));
    }

    /** {@code strata status --json} run on {@code client}. */
    public JsonNode status(Host client) {
        return cli(client, "status", "--json").assertOk().json();
    }

    /**
     * Starts {@code strata agent} on {@code host}, joining through {@code master}; with a join token
     * unless it has its certificate from an earlier start.
     */
    public HostProcess agent(Host host, Host master, String... extraArgs) {
        return agentWithToken(host, master, hasCertificate(host) ? null : joinToken(), extraArgs);
    }

    /** Starts {@code strata agent} on {@code host} with {@code token} as its join token (null: none). */
    public HostProcess agentWithToken(Host host, Host master, String token, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("agent", "--join", clusterAddress(master), "--host", host.address(),
                "--port", String.valueOf(CLUSTER_PORT)));
        if (token != null) {
            args.addAll(List.of("--token", token));
        }
        args.addAll(List.of(extraArgs));
        return node(host, "agent", args);
    }

    /** True once {@code host} holds a node certificate ({@code <home>/tls/node.crt}). */
    public static boolean hasCertificate(Host host) {
        return java.nio.file.Files.isRegularFile(host.home().resolve("tls").resolve("node.crt"));
    }

    /**
     * A join token from the first master (made once per cluster, reused: join tokens are reusable
     * until they expire).
     */
    public synchronized String joinToken() {
        if (joinToken == null) {
            joinToken = post(origin(), "/api/v1/join-tokens", "{\"ttl\":\"2h\"}", 201).path("token").asText();
        }
        return joinToken;
    }

    /** The CA the first master made; fails until that master has written it. */
    public ClusterCa ca() {
        ClusterCa known = ca;
        if (known == null) {
            Path file = origin().home().resolve("tls").resolve("ca.crt");
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new IllegalStateException("the first master " + origin() + " has not written " + file + " yet");
            }
            known = ClusterCa.read(file);
            ca = known;
        }
        return known;
    }

    /** The admin token the first master wrote ({@code <home>/credentials.json}), or null when it wrote none. */
    public String adminToken() {
        Path file = origin().home().resolve("credentials.json");
        if (!java.nio.file.Files.isRegularFile(file)) {
            return null;
        }
        try {
            return MAPPER.readTree(file.toFile()).path("token").asText(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
    }

    private Host origin() {
        Host first = origin;
        if (first == null) {
            throw new IllegalStateException("no master started yet");
        }
        return first;
    }

    /** This JVM's HTTPS client, trusting the cluster CA. */
    public HttpClient https() {
        HttpClient client = https;
        if (client == null) {
            client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(ca().sslContext()).build();
            https = client;
        }
        return client;
    }

    private HostProcess node(Host host, String label, List<String> args) {
        HostProcess previous = nodes.get(host);
        if (previous != null && previous.isAlive()) {
            throw new IllegalStateException(host + " already runs " + previous);
        }
        HostProcess process = host.run(label, env(host), command(host, args));
        nodes.put(host, process);
        return process;
    }

    /** The Strata node process last started on {@code host}. */
    public HostProcess node(Host host) {
        HostProcess p = nodes.get(host);
        if (p == null) {
            throw new IllegalStateException(host + " runs no Strata node");
        }
        return p;
    }

    public static String clusterAddress(Host host) {
        return host.address() + ":" + CLUSTER_PORT;
    }

    /** The HTTPS API of {@code master}. */
    public static String apiUrl(Host master) {
        return "https://" + master.address() + ":" + API_PORT;
    }

    /**
     * Points the CLI on {@code client} at the APIs of {@code masters}, in that order, through
     * {@code STRATA_API}; the CLI moves on to the next URL when one does not answer.
     */
    public Strata useApi(Host client, Host... masters) {
        apis.put(client, java.util.Arrays.stream(masters).map(Strata::apiUrl).toList());
        return this;
    }

    /** Runs {@code strata ARGS} on {@code host} and waits for it (2 minutes at most). */
    public CliResult cli(Host host, String... args) {
        HostProcess p = host.run("cli", cliEnv(host), command(host, List.of(args)));
        int exit = p.await(CLI_TIMEOUT);
        return new CliResult(exit, p.stdout(), p.stderr());
    }

    /** GET {@code path} on {@code master}'s API from the root namespace (over the bridge). */
    public JsonNode get(Host master, String path) {
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(apiUrl(master) + path))
                .timeout(Duration.ofSeconds(5))).GET().build();
        try {
            HttpResponse<String> response = https().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** POST {@code body} (JSON) to {@code path} on {@code master}'s API; the answer must be 200. */
    public JsonNode post(Host master, String path, String body) {
        return post(master, path, body, 200);
    }

    /** POST {@code body} (JSON) to {@code path} on {@code master}'s API; the answer must be {@code status}. */
    public JsonNode post(Host master, String path, String body, int status) {
        HttpRequest request = authorized(HttpRequest.newBuilder(URI.create(apiUrl(master) + path))
                .timeout(Duration.ofMinutes(2))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = https().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != status) {
                throw new IllegalStateException("POST " + request.uri() + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("POST " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits until {@code master}'s API answers GET /api/v1/state; fails at once if its process ended. */
    public JsonNode awaitApi(Host master, Duration timeout) {
        HostProcess process = node(master);
        return Await.until(timeout, "the API of " + master, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(process + " ended\n" + process.tail(40));
            }
            return Optional.of(get(master, "/api/v1/state"));
        });
    }

    /** The hosts (addresses) of the agents a state JSON lists as active. */
    public static List<String> activeAgentHosts(JsonNode state) {
        List<String> hosts = new ArrayList<>();
        state.path("agents").forEach(a -> {
            if (a.path("active").asBoolean()) {
                hosts.add(a.path("host").asText());
            }
        });
        return hosts.stream().sorted().collect(Collectors.toList());
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder request) {
        String token = adminToken();
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    private List<String> command(Host host, List<String> args) {
        List<String> command = new ArrayList<>(List.of(release.launcher().toString(), "--home", host.home().toString()));
        command.addAll(args);
        return command;
    }

    private Map<String, String> env(Host host) {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", host.dir().toString());
        env.put("STRATA_HOME", host.home().toString());
        env.put("STRATA_JAVA_OPTS", javaOpts);
        List<String> urls = apis.get(host);
        if (urls != null) {
            env.put("STRATA_API", String.join(",", urls));
        }
        return env;
    }

    /** A CLI's environment: the cluster CA trusted by its JVM and the admin token, once the cluster has them. */
    private Map<String, String> cliEnv(Host host) {
        Map<String, String> env = env(host);
        if (origin != null && java.nio.file.Files.isRegularFile(origin.home().resolve("tls").resolve("ca.crt"))) {
            env.put("STRATA_JAVA_OPTS", javaOpts + " " + ca().trustStore(host.dir().resolve("cluster-ca.p12")));
            String token = adminToken();
            if (token != null) {
                env.put("STRATA_TOKEN", token);
            }
        }
        return env;
    }
}
