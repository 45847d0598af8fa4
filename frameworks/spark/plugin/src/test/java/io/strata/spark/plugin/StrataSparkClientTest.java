package io.strata.spark.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The plug-in's side of the wire, against a stand-in for the Strata API's Spark routes. */
class StrataSparkClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the stand-in saw: "METHOD path body". */
    private final List<String> calls = new ArrayList<>();
    private HttpServer server;
    private int status = 200;
    private String answer = "{}";
    private StrataSparkClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath() + " " + body);
            byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        client = new StrataSparkClient(List.of(URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                "spark-1a2b3c4d");
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private static AppDescription app(String submissionId) {
        return new AppDescription("etl", "spark://CoarseGrainedScheduler@10.0.0.5:41000", 2, 0.5, 1024, 384,
                List.of("-XX:+UseG1GC", "-Dkey=a \"quoted\" value"), List.of("/opt/extra.jar"), Map.of("TZ", "UTC"),
                submissionId, 1500, 60);
    }

    private JsonNode body(int call) throws IOException {
        String c = calls.get(call);
        return JSON.readTree(c.substring(c.indexOf(' ', c.indexOf(' ') + 1) + 1));
    }

    @Test
    void putSendsTheWholeApplicationWithItsTargetAndRegisteredExecutors() throws IOException {
        answer = "{\"appId\":\"spark-1a2b3c4d\",\"problem\":null}";
        assertThat(client.put(new StrataSparkClient.Heartbeat(app(null), 3, List.of("1", "2")))).isEmpty();
        assertThat(calls.get(0)).startsWith("PUT /api/v1/spark/apps/spark-1a2b3c4d {");
        assertThat(body(0)).isEqualTo(JSON.readTree("""
                {"name":"etl","driverUrl":"spark://CoarseGrainedScheduler@10.0.0.5:41000","executorCores":2,
                 "executorCpus":0.5,"executorHeapMb":1024,"executorOverheadMb":384,
                 "javaOptions":["-XX:+UseG1GC","-Dkey=a \\"quoted\\" value"],"classPath":["/opt/extra.jar"],
                 "env":{"TZ":"UTC"},"executorBurstMilliCpus":1500,"executorBurstSeconds":60,
                 "target":3,"registered":["1","2"]}"""));
    }

    @Test
    void aDriverStartedByTheDispatcherNamesItsSubmission() throws IOException {
        client.put(new StrataSparkClient.Heartbeat(app("driver-7"), 0, List.of()));
        assertThat(body(0).path("submissionId").asText()).isEqualTo("driver-7");
        assertThat(body(0).path("registered").isArray()).isTrue();
    }

    @Test
    void putReturnsTheProblemStrataHasWithTheExecutors() throws IOException {
        answer = "{\"appId\":\"spark-1a2b3c4d\",\"problem\":\"no agent offers 8 cpus\"}";
        assertThat(client.put(new StrataSparkClient.Heartbeat(app(null), 1, List.of())))
                .contains("no agent offers 8 cpus");
    }

    @Test
    void killAndEndNameTheApplicationAndItsExecutors() throws IOException {
        client.killExecutors(List.of("4", "5"));
        client.end();
        assertThat(calls.get(0)).startsWith("POST /api/v1/spark/apps/spark-1a2b3c4d/kill ");
        assertThat(body(0)).isEqualTo(JSON.readTree("{\"executors\":[\"4\",\"5\"]}"));
        assertThat(calls.get(1)).isEqualTo("DELETE /api/v1/spark/apps/spark-1a2b3c4d ");
    }

    @Test
    void aRefusalCarriesStrataReasonOrTheBodyAsItCame() {
        status = 400;
        answer = "{\"error\":\"'driverUrl' must be the driver's spark://CoarseGrainedScheduler@HOST:PORT\"}";
        assertThatThrownBy(() -> client.end()).isInstanceOf(IOException.class)
                .hasMessageContaining("answered 400: 'driverUrl' must be");
        status = 503;
        answer = "The server is currently unavailable";
        assertThatThrownBy(() -> client.end()).isInstanceOf(IOException.class)
                .hasMessageContaining("127.0.0.1:" + server.getAddress().getPort()
                        + " (answered 503: The server is currently unavailable)");
    }

    @Test
    void theDescriptionTakesSparksSizesAndOverheadRule() {
        SparkConf conf = new SparkConf(false).set("spark.executor.cores", "2").set("spark.executor.memory", "8g")
                .set("spark.executor.extraClassPath", "/a.jar: /b.jar").set("spark.executorEnv.TZ", "UTC");
        AppDescription d = AppDescription.of(conf, "etl", "spark://CoarseGrainedScheduler@h:1");
        assertThat(d.executorCores()).isEqualTo(2);
        assertThat(d.executorCpus()).isEqualTo(2.0);
        assertThat(d.executorHeapMb()).isEqualTo(8192);
        assertThat(d.executorOverheadMb()).isEqualTo(819);
        assertThat(d.classPath()).containsExactly("/a.jar", "/b.jar");
        assertThat(d.env()).containsEntry("TZ", "UTC");
        assertThat(d.javaOptions()).contains("--add-opens=java.base/java.nio=ALL-UNNAMED");
        assertThat(d.submissionId()).isNull();
        assertThat(d.executorBurstMilliCpus()).as("2 cpus burst to 3 by default").isEqualTo(3000);
        assertThat(d.executorBurstSeconds()).isEqualTo(60);
    }

    @Test
    void theDescriptionCarriesTheExecutorsBurstFromTheSettingsAndZeroForNone() {
        SparkConf conf = new SparkConf(false).set(AppDescription.EXECUTOR_CPUS, "0.5")
                .set(StartBurst.EXECUTOR.cpusKey(), "2").set(StartBurst.EXECUTOR.secondsKey(), "30");
        AppDescription d = AppDescription.of(conf, "etl", "spark://CoarseGrainedScheduler@h:1");
        assertThat(d.executorBurstMilliCpus()).isEqualTo(2000);
        assertThat(d.executorBurstSeconds()).isEqualTo(30);
        AppDescription off = AppDescription.of(conf.clone().set(StartBurst.EXECUTOR.cpusKey(), "0"), "etl",
                "spark://CoarseGrainedScheduler@h:1");
        assertThat(off.executorBurstMilliCpus()).isZero();
        assertThat(off.executorBurstSeconds()).isZero();
    }

    @Test
    void anExecutorBurstSettingOutOfRangeFailsTheApplicationNamingIt() {
        SparkConf conf = new SparkConf(false).set(StartBurst.EXECUTOR.secondsKey(), "3600");
        assertThatThrownBy(() -> AppDescription.of(conf, "etl", "spark://CoarseGrainedScheduler@h:1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spark.strata.executor.burstSeconds='3600' must be a whole number of seconds from 1 to 600, "
                        + "e.g. 60");
    }
}
