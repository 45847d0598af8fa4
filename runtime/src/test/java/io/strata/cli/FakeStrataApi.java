package io.strata.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A hand-written stand-in for the Strata HTTP API: routes answer with canned responses given as
 * lambdas, and every request is recorded for assertions. Registered as a JUnit extension
 * ({@code @RegisterExtension}), it gives each test a fresh home that points at it, and stops after.
 */
public final class FakeStrataApi implements AutoCloseable, BeforeEachCallback, AfterEachCallback {

    public record Request(String method, String path, String query, String body) {
    }

    public record Response(int status, String body, Map<String, String> headers) {
        public static Response json(int status, String body) {
            return new Response(status, body, Map.of("Content-Type", "application/json"));
        }

        public static Response text(String body, Map<String, String> headers) {
            return new Response(200, body, headers);
        }
    }

    private final HttpServer server;
    private final Map<String, Function<Request, Response>> routes = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private Path home;
    private Path createdHome;

    public FakeStrataApi() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    public FakeStrataApi on(String method, String path, Function<Request, Response> handler) {
        routes.put(method + " " + path, handler);
        return this;
    }

    public FakeStrataApi onJson(String method, String path, int status, String body) {
        return on(method, path, request -> Response.json(status, body));
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Request> requests() {
        return requests;
    }

    @Override
    public void beforeEach(ExtensionContext test) throws IOException {
        createdHome = Files.createTempDirectory("strata-home");
        servesHome(createdHome);
    }

    @Override
    public void afterEach(ExtensionContext test) throws IOException {
        close();
        try (Stream<Path> files = Files.walk(createdHome)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    /** The home this API serves (the last given to {@link #servesHome}, or the one it made as an extension). */
    public Path home() {
        return home;
    }

    /** Runs a strata command against {@link #home()}. */
    public StrataCli strata(String... args) {
        return StrataCli.run(home, args);
    }

    /** Makes {@code home} point at this API, as a running daemon (this JVM) would. */
    public FakeStrataApi servesHome(Path home) {
        StrataCli.pointAt(home, url());
        this.home = home;
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getQuery(),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(request);
        Response response = routes.getOrDefault(request.method() + " " + request.path(),
                unknown -> Response.json(404, "{\"error\":\"no route " + unknown.path() + "\"}")).apply(request);
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
