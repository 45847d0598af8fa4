package io.strata.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.node.StrataNode;
import io.strata.testing.Eventually;
import io.strata.testing.LoopbackCluster;
import io.strata.testing.StrataApi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard's API on a real node in this JVM with one agent (2 cpus) running real tasks. */
class DashboardApiTest {

    @TempDir
    static Path home;
    static StrataNode node;
    static StrataApi admin;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        node = LoopbackCluster.start(home, 1, 2.0, 512, 100, "31220-31223", Duration.ofSeconds(1));
        admin = StrataApi.of(node);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** One server-sent event. */
    record Sse(String event, String data) {
        JsonNode json() {
            try {
                return StrataApi.JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError(data, e);
            }
        }
    }

    /** An open event stream, read on its own thread into a queue; closing it closes the connection. */
    static final class EventStream implements AutoCloseable {
        final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
        final List<Sse> seen = new ArrayList<>();
        final Stream<String> lines;
        final int status;

        EventStream(String path, String token) throws Exception {
            HttpResponse<Stream<String>> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.apiUrl() + path))
                    .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofLines());
            status = r.statusCode();
            lines = r.body();
            Thread reader = new Thread(() -> {
                String[] current = {null, null};
                try {
                    lines.forEach(line -> {
                        if (line.startsWith("event:")) {
                            current[0] = line.substring(6).strip();
                        } else if (line.startsWith("data:")) {
                            current[1] = current[1] == null ? line.substring(5).strip() : current[1] + "\n" + line.substring(5).strip();
                        } else if (line.isEmpty() && current[1] != null) {
                            events.add(new Sse(current[0], current[1]));
                            current[0] = null;
                            current[1] = null;
                        }
                    });
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            }, "sse-reader");
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits for the first event (from those not yet taken) that matches. */
        Sse await(String what, java.util.function.Predicate<Sse> matches) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                Sse e = events.poll(500, TimeUnit.MILLISECONDS);
                if (e != null) {
                    seen.add(e);
                    if (matches.test(e)) {
                        return e;
                    }
                }
            }
            throw new AssertionError("no " + what + " within 60 s; saw " + seen);
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    static String submit(String body) {
        StrataApi.Response r = admin.post("/api/v1/tasks", body);
        assertThat(r.status()).as(r.body().toString()).isEqualTo(201);
        return r.body().path("id").asText();
    }

    static String state(String id) {
        return admin.get("/api/v1/tasks/" + id).body().path("state").asText();
    }

    @Test
    void aSignInLinkWorksOnceForANewSessionToken() {
        StrataApi.Response link = admin.post("/api/v1/ui/links", "{}");
        assertThat(link.status()).as(link.body().toString()).isEqualTo(201);
        String code = link.body().path("code").asText();
        assertThat(link.body().path("url").asText()).isEqualTo(node.apiUrl() + "/#/signin/" + code);
        assertThat(link.body().path("expires_at").asText()).isNotEmpty();
        StrataApi anonymous = StrataApi.anonymous(node.apiUrl());

        StrataApi.Response signedIn = anonymous.post("/api/v1/ui/signin", "{\"code\":\"" + code + "\"}");

        assertThat(signedIn.status()).as(signedIn.body().toString()).isEqualTo(200);
        assertThat(signedIn.body().path("token").asText()).startsWith("stk_");
        assertThat(signedIn.body().path("name").asText()).isEqualTo("ui-bootstrap");
        assertThat(signedIn.body().path("role").asText()).isEqualTo("admin");
        assertThat(signedIn.body().path("group").isNull()).isTrue();
        assertThat(signedIn.body().path("expires_at").asText()).isNotEmpty();
        JsonNode who = anonymous.withToken(signedIn.body().path("token").asText()).get("/api/v1/whoami").body();
        assertThat(who.path("name").asText()).isEqualTo("ui-bootstrap");

        StrataApi.Response again = anonymous.post("/api/v1/ui/signin", "{\"code\":\"" + code + "\"}");
        assertThat(again.status()).isEqualTo(401);
        assertThat(again.body().path("error").asText()).startsWith("this sign-in link was already used at ")
                .endsWith("; run 'strata ui' for a new link");
        assertThat(anonymous.post("/api/v1/ui/signin", "{\"code\":\"nope-nope-nope-nope\"}").body().path("error").asText())
                .isEqualTo("this sign-in link is not known to the cluster; run 'strata ui' for a new link");
        assertThat(anonymous.post("/api/v1/ui/signin", "{\"cod\":1}").status()).isEqualTo(400);
    }

    @Test
    void everyDashboardEndpointNeedsAToken() {
        StrataApi anonymous = StrataApi.anonymous(node.apiUrl());
        for (String path : List.of("/api/v1/history", "/api/v1/events", "/api/v1/stream", "/api/v1/tasks/t-1/analysis",
                "/api/v1/tasks/t-1/logs/stream")) {
            HttpResponse<String> r = anonymous.raw("GET", path, null);
            assertThat(r.statusCode()).as(path).isEqualTo(401);
            assertThat(r.body()).as(path).contains("this request needs a token");
        }
        for (String path : List.of("/api/v1/analysis", "/api/v1/ui/links")) {
            assertThat(anonymous.raw("POST", path, "{}").statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void theLiveStreamSendsStateThenTheEventOfATaskThatFinished() throws Exception {
        try (EventStream stream = new EventStream("/api/v1/stream", admin.token())) {
            assertThat(stream.status).isEqualTo(200);
            // The first is the node's last sample (up to a second old); the agent is in the next ones.
            Sse state = stream.await("state event with the agent", e -> "state".equals(e.event())
                    && e.json().path("agents").size() == 1);
            assertThat(state.json().path("agents").get(0).path("id").asText()).isEqualTo("agent-1");
            assertThat(state.json().has("tasks")).isTrue();

            String id = submit("{\"name\":\"quick\",\"cpus\":0.1,\"memMb\":16,\"command\":[\"true\"]}");

            Sse finished = stream.await("FINISHED event of " + id, e -> "event".equals(e.event())
                    && id.equals(e.json().path("task").asText()) && "FINISHED".equals(e.json().path("state").asText()));
            assertThat(finished.json().path("kind").asText()).isEqualTo("task-state");
            assertThat(finished.json().path("severity").asText()).isEqualTo("info");
            assertThat(finished.json().path("text").asText()).contains("task " + id, "FINISHED");
            assertThat(node.api().orElseThrow().dashboard().openStreams()).isEqualTo(1);
        }
        // A client that went away leaves nothing behind on the node.
        Eventually.await(Duration.ofSeconds(30), "the stream closed on the node",
                () -> node.api().orElseThrow().dashboard().openStreams() == 0);
        JsonNode points = Eventually.awaitValue(Duration.ofSeconds(30), "a history point", () -> {
            JsonNode h = admin.get("/api/v1/history?minutes=5").body();
            return h.path("points").size() > 0 ? h : null;
        });
        assertThat(points.path("interval_s").asInt()).isEqualTo(5);
        assertThat(points.path("points").get(0).path("cpus_total").asDouble()).isEqualTo(2.0);
        assertThat(admin.get("/api/v1/history?minutes=0").status()).isEqualTo(400);
    }

    @Test
    void theLogStreamDeliversALinePrintedAfterItOpenedThenEnds() throws Exception {
        Path dir = Files.createTempDirectory("strata-logtail");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        try {
            String id = submit("{\"name\":\"talker\",\"cpus\":0.1,\"memMb\":16,\"command\":[\"sh\",\"-c\","
                    + "\"echo before-open; while [ ! -e " + dir + "/go ]; do sleep 0.1; done; echo printed-after-open\"]}");
            Eventually.await(Duration.ofSeconds(30), id + " running", () -> state(id).equals("RUNNING"));
            try (EventStream stream = new EventStream("/api/v1/tasks/" + id + "/logs/stream?stream=stdout&from=end",
                    admin.token())) {
                assertThat(stream.status).isEqualTo(200);
                stream.await("the first line", e -> "log".equals(e.event()) && e.json().path("text").asText().contains("before-open"));

                Files.writeString(dir.resolve("go"), "");

                Sse after = stream.await("the line printed after", e -> "log".equals(e.event())
                        && e.json().path("text").asText().contains("printed-after-open"));
                assertThat(after.json().path("offset").asLong()).isEqualTo("before-open\nprinted-after-open\n".length());
                Sse end = stream.await("the end", e -> "end".equals(e.event()));
                assertThat(end.json().path("state").asText()).isEqualTo("FINISHED");
            }
        } finally {
            Files.deleteIfExists(dir.resolve("go"));
            Files.deleteIfExists(dir);
        }
        Eventually.await(Duration.ofSeconds(30), "the log stream closed on the node",
                () -> node.api().orElseThrow().dashboard().openStreams() == 0);
        assertThat(admin.get("/api/v1/tasks/no-such-task/logs/stream").status()).isEqualTo(404);
        assertThat(admin.get("/api/v1/tasks/no-such-task/logs/stream?stream=stdin").status()).isEqualTo(400);
    }

    @Test
    void aTaskTooBigForAnyAgentIsAnalysedAsLackingCpus() {
        String id = submit("{\"name\":\"huge\",\"cpus\":8,\"memMb\":16,\"command\":[\"true\"]}");
        try {
            JsonNode analysis = Eventually.awaitValue(Duration.ofSeconds(30), "the analysis of " + id, () -> {
                StrataApi.Response r = admin.get("/api/v1/tasks/" + id + "/analysis");
                return r.status() == 200 ? r.body() : null;
            });

            assertThat(analysis.path("summary").asText()).startsWith("can never run: needs 8 cpus");
            assertThat(analysis.path("demand").path("cpus").asDouble()).isEqualTo(8.0);
            assertThat(analysis.path("group").path("name").asText()).isEqualTo("default");
            JsonNode agent = analysis.path("agents").get(0);
            assertThat(agent.path("id").asText()).isEqualTo("agent-1");
            assertThat(agent.path("fits").asBoolean()).isFalse();
            assertThat(agent.path("lacks").get(0).path("resource").asText()).isEqualTo("cpus");
            assertThat(agent.path("lacks").get(0).path("text").asText()).startsWith("needs 8 cpus, ");
            assertThat(agent.path("lacks").get(0).path("total").asDouble()).isEqualTo(2.0);

            StrataApi.Response posted = admin.post("/api/v1/analysis", "{\"cpus\":1,\"memMb\":1024,\"ports\":1}");
            assertThat(posted.status()).as(posted.body().toString()).isEqualTo(200);
            assertThat(posted.body().path("agents").get(0).path("lacks").findValuesAsText("resource")).containsExactly("mem");
            assertThat(admin.post("/api/v1/analysis", "{\"cpu\":1}").body().path("error").asText())
                    .contains("unknown field 'cpu'");
            assertThat(admin.get("/api/v1/tasks/no-such-task/analysis").status()).isEqualTo(404);
        } finally {
            admin.delete("/api/v1/tasks/" + id);
        }
    }
}
