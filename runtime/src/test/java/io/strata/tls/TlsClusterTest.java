package io.strata.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.JoinSeedNodes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A master and agents in this JVM as {@code strata master}/{@code strata agent} run them: TLS
 * remoting, the API over HTTPS, hosts joining with a join token and only with one.
 */
class TlsClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Config FAST = ConfigFactory.parseMap(Map.of("strata.heartbeat-interval", "300ms"));

    @TempDir
    Path dir;
    private final List<AutoCloseable> started = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    void hostsJoinWithATokenOverTlsAndNeitherWithoutOneNorInPlaintext() throws Exception {
        int clusterPort = FreePorts.next();
        String seed = "127.0.0.1:" + clusterPort;
        StrataNode master = start(NodeConfig.master(dir.resolve("master"), "127.0.0.1", clusterPort, 0, List.of(seed))
                .withTls(null));
        assertThat(master.apiUrl()).startsWith("https://");
        adminToken = master.bootstrapToken().orElseThrow();
        assertThat(master.system().settings().config().getString("pekko.remote.artery.transport")).isEqualTo("tls-tcp");
        Path caFile = dir.resolve("master/tls/ca.crt");
        HttpClient https = HttpClient.newBuilder().sslContext(ClusterTrust.sslContext(caFile)).build();
        assertThat(send(https, "GET", master.apiUrl() + "/health", null).statusCode()).isEqualTo(200);
        String plainUrl = master.apiUrl().replace("https://", "http://") + "/health";
        assertThat(plainHttpAnswers(plainUrl)).as("plain HTTP to the API port").isFalse();

        HttpResponse<String> created = send(https, "POST", master.apiUrl() + "/api/v1/join-tokens", "{\"ttl\":\"1h\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String token = JSON.readTree(created.body()).path("token").asText();
        assertThat(JoinToken.parse(token).caFingerprint())
                .isEqualTo(CertificateAuthority.fingerprint(ClusterTrust.readCertificate(caFile)));
        assertThat(send(https, "POST", master.apiUrl() + "/api/v1/join-tokens", "{\"ttl\":5}").body())
                .contains("'ttl' must be a string");

        assertThatThrownBy(() -> StrataNode.start(agent("no-token", null), FAST))
                .hasMessageContaining("give a join token with --token");
        JoinToken real = JoinToken.parse(token);
        String forged = new JoinToken(real.id(), "B".repeat(32), real.caFingerprint(), real.apiPorts()).format();
        assertThatThrownBy(() -> StrataNode.start(agent("forged", forged), FAST))
                .hasMessageContaining("the cluster refused to let this host join")
                .hasMessageContaining("not known to the cluster");
        assertThat(new TlsFiles(dir.resolve("forged")).present()).isFalse();

        StrataNode agent = start(agent("agent", token));
        Eventually.await(Duration.ofSeconds(30), "the agent registered", () -> agents(https, master) == 1);
        agent.close();
        started.remove(agent);
        // Restarted with its certificate: no token needed.
        start(agent("agent", null));

        assertThat(plaintextConnectionIsClosed(clusterPort)).as("a plaintext connection to the cluster port").isTrue();
        assertThat(plainPekkoNodeJoins(seed)).as("a plain-transport Pekko node joins").isFalse();

        String id = real.id();
        assertThat(send(https, "DELETE", master.apiUrl() + "/api/v1/join-tokens/" + id, null).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> StrataNode.start(agent("late", token), FAST))
                .hasMessageContaining("not known to the cluster");
        Eventually.await(Duration.ofSeconds(30), "the restarted agent active", () -> agents(https, master) >= 1);
    }

    private NodeConfig agent(String name, String token) {
        return NodeConfig.agent(dir.resolve(name), "127.0.0.1", 0, List.of("127.0.0.1:" + clusterPortOf()), 1.0, 256L,
                256L, "32100-32109", Map.of()).withTls(token);
    }

    private int clusterPortOf() {
        return ((StrataNode) started.get(0)).system().address().getPort().get();
    }

    private StrataNode start(NodeConfig cfg) {
        StrataNode node = StrataNode.start(cfg, FAST);
        started.add(node);
        return node;
    }

    private static int agents(HttpClient https, StrataNode master) {
        JsonNode state;
        try {
            state = JSON.readTree(send(https, "GET", master.apiUrl() + "/api/v1/state", null).body());
        } catch (Exception e) {
            return -1;
        }
        int active = 0;
        for (JsonNode a : state.path("agents")) {
            active += a.path("active").asBoolean() ? 1 : 0;
        }
        return active;
    }

    /** The first master's bootstrap admin token, sent with every API call of this test. */
    private static String adminToken;

    private static HttpResponse<String> send(HttpClient http, String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json");
        if (adminToken != null) {
            b.header("Authorization", "Bearer " + adminToken);
        }
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean plainHttpAnswers(String url) {
        try {
            return send(HttpClient.newHttpClient(), "GET", url, null).statusCode() == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Sends the start of a plain Artery TCP stream; a TLS port closes the connection. */
    static boolean plaintextConnectionIsClosed(int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("PKKA\u0001".getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(new byte[64]);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** A Pekko node with the plain TCP transport tries to join for 15 s. */
    private static boolean plainPekkoNodeJoins(String seed) {
        Config plain = ConfigFactory.parseMap(Map.of("pekko.remote.artery.canonical.port", 0,
                "pekko.cluster.roles", List.of("agent"))).withFallback(ConfigFactory.load());
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "strata", plain);
        try {
            Cluster cluster = Cluster.get(system);
            String[] hp = seed.split(":");
            java.util.concurrent.CompletableFuture<Boolean> up = new java.util.concurrent.CompletableFuture<>();
            org.apache.pekko.cluster.Cluster.get(system.classicSystem()).registerOnMemberUp(() -> up.complete(true));
            cluster.manager().tell(new JoinSeedNodes(List.of(new Address("pekko", "strata", hp[0], Integer.parseInt(hp[1])))));
            try {
                return up.get(15, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            system.terminate();
        }
    }
}
