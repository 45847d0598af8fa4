package io.strata.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 */
public final class Strata {

    /** Small heaps and fast start-up: many JVMs share two cores in CI. */
    public static final String LIGHT_JVM = "-Xmx256m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    public static final int CLUSTER_PORT = 25520;
    public static final int API_PORT = 8080;
    private static final Duration CLI_TIMEOUT = Duration.ofMinutes(2);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Release release;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
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

    /** Starts {@code strata master} on {@code host}, joining {@code seeds} (give every master, itself included). */
    public HostProcess master(Host host, List<Host> seeds, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("master", "--host", host.address(), "--port",
                String.valueOf(CLUSTER_PORT), "--api-port", String.valueOf(API_PORT)));
        for (Host seed : seeds) {
            args.addAll(List.of("--seed", clusterAddress(seed)));
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

    /** Starts {@code strata agent} on {@code host}, joining through {@code master}. */
    public HostProcess agent(Host host, Host master, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("agent", "--join", clusterAddress(master), "--host", host.address(),
                "--port", String.valueOf(CLUSTER_PORT)));
        args.addAll(List.of(extraArgs));
        return node(host, "agent", args);
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

    public static String apiUrl(Host master) {
        return "http://" + master.address() + ":" + API_PORT;
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
        HostProcess p = host.run("cli", env(host), command(host, List.of(args)));
        int exit = p.await(CLI_TIMEOUT);
        return new CliResult(exit, p.stdout(), p.stderr());
    }

    /** GET {@code path} on {@code master}'s API from the root namespace (over the bridge). */
    public JsonNode get(Host master, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl(master) + path)).timeout(Duration.ofSeconds(5))
                .GET().build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
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
        HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl(master) + path)).timeout(Duration.ofMinutes(2))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
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
}
