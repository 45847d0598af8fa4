package io.strata.pipelines.sources.http;

import io.strata.testing.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real server in this JVM, its producer pointed at a loopback port where no Kafka listens:
 * every refusal is answered before anything is sent, and events Kafka cannot take get a 503.
 */
class HttpIngestAnswersTest {

    static HttpIngest ingest;
    static URI base;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        ingest = HttpIngest.start(new IngestOptions("127.0.0.1:" + FreePorts.next(), "readings", "127.0.0.1", 0,
                "/events", 1000, 100, List.of("deviceId"), null, "INGEST_TOKEN", "s3cret", 1000, 4));
        base = URI.create("http://127.0.0.1:" + ingest.port());
    }

    @AfterAll
    static void stop() {
        if (ingest != null) {
            ingest.close();
        }
    }

    static HttpResponse<String> post(String path, String type, String token, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30)).POST(body);
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String type, String body) throws Exception {
        return post("/events", type, "s3cret", HttpRequest.BodyPublishers.ofString(body));
    }

    @Test
    void refusalsComeWithTheirStatusAndReason() throws Exception {
        HttpResponse<String> bad = post("application/json", "[{\"deviceId\":\"a\"},{\"ts\":1}]");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"event 1: field 'deviceId' is missing; every event needs deviceId\","
                + "\"index\":1}");
        assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/json");

        HttpResponse<String> type = post("text/csv", "deviceId\na");
        assertThat(type.statusCode()).isEqualTo(415);
        assertThat(type.body()).startsWith("{\"error\":\"Content-Type text/csv is not supported; send application/json");

        HttpResponse<String> noToken = post("/events", "application/json", null, HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");

        HttpResponse<String> path = post("/event", "application/json", "s3cret", HttpRequest.BodyPublishers.ofString("{}"));
        assertThat(path.statusCode()).isEqualTo(404);
        assertThat(path.body()).isEqualTo("{\"error\":\"no such path /event; events go to POST /events\"}");

        HttpResponse<String> get = HTTP.send(HttpRequest.newBuilder(base.resolve("/events")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void aBodyOverTheLimitIs413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        String big = "[" + "{\"deviceId\":\"a\"},".repeat(100) + "{\"deviceId\":\"a\"}]";
        String reason = "{\"error\":\"request body is larger than the limit of 1000 bytes\"}";

        HttpResponse<String> declared = post("application/json", big);
        assertThat(declared.statusCode()).isEqualTo(413);
        assertThat(declared.body()).isEqualTo(reason);

        HttpResponse<String> chunked = post("/events", "application/json", "s3cret",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes())));
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(chunked.body()).isEqualTo(reason);
    }

    @Test
    void eventsKafkaDoesNotAcknowledgeGet503WithRetryAfter() throws Exception {
        HttpResponse<String> r = post("application/x-ndjson", "{\"deviceId\":\"a\"}\n{\"deviceId\":\"b\"}\n");

        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(r.body()).startsWith("{\"error\":\"Kafka did not acknowledge the 2 event(s): ")
                .endsWith("; nothing of this request is acknowledged, retry later\"}");

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(base.resolve("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).startsWith("{\"status\":\"ok\",\"topic\":\"readings\",\"accepted\":0,")
                .contains("\"unavailable\":1");
    }
}
