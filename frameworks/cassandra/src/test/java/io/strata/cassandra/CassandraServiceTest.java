package io.strata.cassandra;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.ProcessChecks;
import io.strata.testing.TaskUserChecks;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Cassandra nodes started through Strata's agents: three agents on their own loopback
 * addresses, a two-node ring, a keyspace with replication 2.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CassandraServiceTest {

    static final Duration READY = Duration.ofSeconds(300);
    static final int ROWS = 200;

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi api;
    static final Set<Long> pids = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startClusterAndRing() {
        node = LoopbackCluster.start(home, 3, 1.0, 3072L, 2048L, "30000-30009", Duration.ofSeconds(15));
        api = StrataApi.of(node, home);
        var created = api.post("/api/v1/cassandra", "{\"name\":\"ring\",\"nodes\":2,\"nodeCpus\":0.5,"
                + "\"nodeMem\":1536,\"nodeDisk\":512}");
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        Eventually.await(READY, () -> "cassandra ring RUNNING: " + status(), () -> "RUNNING".equals(status().path("state").asText()));
        ProcessChecks.rememberPids(api, "cassandra:ring", pids);
    }

    @AfterAll
    static void stopCluster() {
        if (node != null) {
            node.close();
        }
        pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    }

    static JsonNode status() {
        return api.get("/api/v1/cassandra/ring").body();
    }

    static StrataApi.Response cql(String statement, String consistency) {
        return api.post("/api/v1/cassandra/ring/cql", StrataApi.JSON.createObjectNode().put("statement", statement)
                .put("consistency", consistency).toString());
    }

    @Test
    @Order(1)
    void twoNodesOnTwoAgentsHoldAKeyspaceWithReplicationTwo() {
        JsonNode s = status();
        Set<String> agents = new HashSet<>();
        for (JsonNode n : s.path("nodes")) {
            agents.add(n.path("agentId").asText());
            assertThat(n.path("state").asText()).isEqualTo("READY");
            assertThat(n.path("address").asText()).startsWith("127.0.0.");
        }
        assertThat(agents).hasSize(2);
        assertThat(s.path("contactPoints")).hasSize(2);
        assertThat(cql("CREATE KEYSPACE shop WITH replication = {'class':'SimpleStrategy','replication_factor':2}", "ALL")
                .status()).isEqualTo(200);
        assertThat(cql("CREATE TABLE shop.items (id int PRIMARY KEY, name text)", "ALL").status()).isEqualTo(200);
        // One request, one session: every insert at ALL.
        var body = StrataApi.JSON.createObjectNode().put("consistency", "ALL");
        var statements = body.putArray("statements");
        for (int i = 0; i < ROWS; i++) {
            statements.addObject().put("text", "INSERT INTO shop.items (id, name) VALUES (" + i + ", 'item-" + i + "')")
                    .put("line", i + 1);
        }
        var w = api.post("/api/v1/cassandra/ring/cql", body.toString());
        assertThat(w.status()).as(w.body().toString()).isEqualTo(200);
        assertThat(w.body().path("results")).hasSize(ROWS);
        assertEveryRowReadableAtAll();
    }

    @Test
    @Order(2)
    void aNodeKilledWithSigkillComesBackOnItsAgentWithItsData() {
        JsonNode victim = status().path("nodes").get(1);
        String agent = victim.path("agentId").asText();
        String taskBefore = victim.path("taskId").asText();
        String volume = victim.path("volumeId").asText();
        long javaPid = ProcessChecks.javaPid(api, taskBefore);
        ProcessHandle.of(javaPid).orElseThrow().destroyForcibly();
        Eventually.await(READY, () -> "node back: " + status(), () -> {
            JsonNode n = status().path("nodes").get(1);
            return n.path("state").asText().equals("READY") && !n.path("taskId").asText().equals(taskBefore);
        });
        JsonNode back = status().path("nodes").get(1);
        assertThat(back.path("agentId").asText()).isEqualTo(agent);
        assertThat(back.path("volumeId").asText()).isEqualTo(volume);
        assertThat(back.path("restarts").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(home.resolve(agent).resolve("volumes").resolve(volume).resolve("data").resolve("shop")).isDirectory();
        ProcessChecks.rememberPids(api, "cassandra:ring", pids);
        TaskUserChecks.assertServerRunsAsTaskUser(ProcessChecks.javaPid(api, back.path("taskId").asText()),
                home.resolve(agent).resolve("volumes").resolve(volume));
        assertEveryRowReadableAtAll();
    }

    @Test
    @Order(3)
    void badRequestsGetClearErrors() {
        var syntax = cql("SELEKT * FROM shop.items", "ONE");
        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.body().path("error").asText()).contains("CQL syntax error").contains("SELEKT");
        var unknownNode = api.post("/api/v1/cassandra/ring/replace/9", "{}");
        assertThat(unknownNode.status()).isEqualTo(404);
        assertThat(unknownNode.body().path("error").asText()).contains("no node 9");
        var tooMany = api.post("/api/v1/cassandra", "{\"name\":\"wide\",\"nodes\":4,\"nodeCpus\":0.25,\"nodeMem\":1024,\"nodeDisk\":256}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.body().path("error").asText()).contains("one per agent").contains("only 3");
        var badLevel = cql("SELECT * FROM shop.items", "SOMETIMES");
        assertThat(badLevel.status()).isEqualTo(400);
        assertThat(badLevel.body().path("error").asText()).contains("consistency");
    }

    @Test
    @Order(4)
    void replacingANodeBringsTheRingBackToFullStrength() {
        JsonNode old = status().path("nodes").get(1);
        String oldAgent = old.path("agentId").asText();
        var replaced = api.post("/api/v1/cassandra/ring/replace/2", "{}");
        assertThat(replaced.status()).as(replaced.body().toString()).isEqualTo(202);
        Eventually.await(READY, () -> "node 2 replaced: " + status(), () -> {
            JsonNode s = status();
            JsonNode n = s.path("nodes").get(1);
            return s.path("state").asText().equals("RUNNING") && !n.path("agentId").asText().equals(oldAgent);
        });
        ProcessChecks.rememberPids(api, "cassandra:ring", pids);
        JsonNode n = status().path("nodes").get(1);
        assertThat(n.path("agentId").asText()).isNotIn(oldAgent, status().path("nodes").get(0).path("agentId").asText());
        assertThat(home.resolve(oldAgent).resolve("volumes").resolve(old.path("volumeId").asText())).doesNotExist();
        assertEveryRowReadableAtAll();
    }

    @Test
    @Order(5)
    void deleteFreesEveryResourceAndLeavesNoProcessAndNoVolume() {
        ProcessChecks.rememberPids(api, "cassandra:ring", pids);
        List<Path> volumes = new ArrayList<>();
        status().path("nodes").forEach(n -> volumes.add(home.resolve(n.path("agentId").asText()).resolve("volumes")
                .resolve(n.path("volumeId").asText())));
        assertThat(api.delete("/api/v1/cassandra/ring").status()).isEqualTo(202);
        Eventually.await(Duration.ofSeconds(120), () -> "cassandra ring gone: " + status(),
                () -> api.get("/api/v1/cassandra/ring").status() == 404);
        Eventually.await(Duration.ofSeconds(30), "every resource free", () -> ProcessChecks.allResourcesFree(api));
        assertThat(pids).allMatch(pid -> !ProcessChecks.alive(pid));
        volumes.forEach(v -> assertThat(v).doesNotExist());
    }

    static void assertEveryRowReadableAtAll() {
        JsonNode rows = Eventually.awaitValue(Duration.ofSeconds(60), "a read at ALL", () -> {
            var r = cql("SELECT id, name FROM shop.items", "ALL");
            return r.status() == 200 ? r.body().path("results").get(0).path("rows") : null;
        });
        Set<Integer> ids = new HashSet<>();
        rows.forEach(r -> {
            ids.add(r.path("id").asInt());
            assertThat(r.path("name").asText()).isEqualTo("item-" + r.path("id").asInt());
        });
        assertThat(ids).hasSize(ROWS);
    }

}
