package io.strata.spark.plugin;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A driver whose master URL names several master nodes: each call goes to the API that answered
 * last and moves on past the ones that are down or answer 503, against real HTTP servers.
 */
class StrataSparkClientFailoverTest {

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    /** An API that answers every call with {@code status}, counting the calls. */
    private URI api(int status, String answer, AtomicInteger calls) throws IOException {
        return api(new AtomicInteger(status), answer, calls);
    }

    /** An API that answers every call with the status {@code status} holds at the time. */
    private URI api(AtomicInteger status, String answer, AtomicInteger calls) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            byte[] reply = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A port nothing listens on: a connection to it is refused. */
    private static URI closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return URI.create("http://127.0.0.1:" + s.getLocalPort());
        }
    }

    private static final String UNAVAILABLE = "{\"error\":\"the Strata Spark framework did not answer within 5s\"}";

    @Test
    void aCallLandsOnTheFirstApiThatTakesItAndTheNextGoesStraightThere() throws IOException {
        AtomicInteger unavailableCalls = new AtomicInteger();
        AtomicInteger workingCalls = new AtomicInteger();
        URI dead = closedPort();
        URI unavailable = api(503, UNAVAILABLE, unavailableCalls);
        URI working = api(200, "{\"appId\":\"spark-1\",\"problem\":null}", workingCalls);
        StrataSparkClient client = new StrataSparkClient(List.of(dead, unavailable, working), "spark-1");

        assertThat(client.current()).isEqualTo(dead);
        client.end();
        assertThat(workingCalls).hasValue(1);
        assertThat(unavailableCalls).as("the 503 was tried on the way").hasValue(1);
        assertThat(client.current()).isEqualTo(working);

        client.killExecutors(List.of("3"));
        assertThat(workingCalls).hasValue(2);
        assertThat(unavailableCalls).as("the next call skips the APIs that failed").hasValue(1);
    }

    @Test
    void whenTheApiThatAnsweredFailsTheCallWrapsAroundToTheOthers() throws IOException {
        AtomicInteger firstStatus = new AtomicInteger(200);
        AtomicInteger secondStatus = new AtomicInteger(200);
        AtomicInteger firstCalls = new AtomicInteger();
        AtomicInteger secondCalls = new AtomicInteger();
        URI first = api(firstStatus, "{}", firstCalls);
        URI second = api(secondStatus, "{}", secondCalls);
        StrataSparkClient client = new StrataSparkClient(List.of(first, second), "spark-1");
        client.end();
        assertThat(client.current()).isEqualTo(first);

        firstStatus.set(503);
        client.end();
        assertThat(client.current()).isEqualTo(second);

        firstStatus.set(200);
        secondStatus.set(503);
        client.end();
        assertThat(client.current()).as("past the last API, the first again").isEqualTo(first);
        assertThat(firstCalls).hasValue(3);
        assertThat(secondCalls).hasValue(2);

        servers.get(0).stop(0);
        secondStatus.set(200);
        client.end();
        assertThat(client.current()).as("a stopped API is passed by too").isEqualTo(second);
    }

    @Test
    void aRefusalIsStrataAnswerAndNotTriedElsewhere() throws IOException {
        AtomicInteger refusingCalls = new AtomicInteger();
        AtomicInteger otherCalls = new AtomicInteger();
        URI refusing = api(400, "{\"error\":\"'target' must be a whole number\"}", refusingCalls);
        StrataSparkClient client = new StrataSparkClient(List.of(refusing, api(200, "{}", otherCalls)), "spark-1");
        assertThatThrownBy(client::end).isInstanceOf(IOException.class)
                .hasMessage("the Strata API at " + refusing + " answered 400: 'target' must be a whole number");
        assertThat(otherCalls).hasValue(0);
    }

    @Test
    void whenNoApiTakesTheCallTheErrorNamesEachAndWhy() throws IOException {
        URI dead = closedPort();
        URI unavailable = api(503, UNAVAILABLE, new AtomicInteger());
        StrataSparkClient client = new StrataSparkClient(List.of(dead, unavailable), "spark-1");
        assertThatThrownBy(client::end).isInstanceOf(IOException.class)
                .hasMessageStartingWith("no Strata API took the call: " + dead + " (ConnectException")
                .hasMessageEndingWith(", " + unavailable
                        + " (answered 503: the Strata Spark framework did not answer within 5s)");
        assertThat(client.current()).as("nothing answered: where the next call starts is unchanged").isEqualTo(dead);
    }
}
