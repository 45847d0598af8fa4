package io.strata.pipelines.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Sends one hostile request and says what came back: through Java's HTTP client for requests it can
 * express, over a plain socket for those it refuses to send (a lying Content-Length, a broken request
 * line). Every request carries the API token from one place, {@code token}.
 */
final class FuzzClient {

    /** What the server answered; status 0 when it closed the connection without an answer. */
    record Answer(int status, String body) {
    }

    private final URI base;
    private final Supplier<Optional<String>> token;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    FuzzClient(String baseUrl, Supplier<Optional<String>> token) {
        this.base = URI.create(baseUrl);
        this.token = token;
    }

    Answer send(HostileRequests.Probe p) throws Exception {
        return p.raw() != null ? sendRaw(p.raw()) : sendHttp(p);
    }

    private Answer sendHttp(HostileRequests.Probe p) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + p.path())).timeout(Duration.ofSeconds(30));
        HttpRequest.BodyPublisher body = p.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(p.body());
        b.method(p.method(), body);
        if (p.contentType() != null) {
            b.header("Content-Type", p.contentType());
        }
        token.get().ifPresent(t -> b.header("Authorization", "Bearer " + t));
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            // The server may close a connection whose body it will not read (a 413 is sent first, but
            // the client may still be writing); a closed connection is not a 5xx.
            return new Answer(0, "");
        }
    }

    /** {@code head} is the request line and headers without the final blank line; the token header is added. */
    private Answer sendRaw(HostileRequests.Raw raw) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            req.write(raw.head().getBytes(StandardCharsets.ISO_8859_1));
            String auth = token.get().map(t -> "Authorization: Bearer " + t + "\r\n").orElse("");
            req.write(("Host: " + base.getHost() + ":" + base.getPort() + "\r\n" + auth + "Connection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            req.write(raw.body());
            try {
                out.write(req.toByteArray());
                out.flush();
            } catch (java.io.IOException e) {
                // closed while we were writing: read whatever answer was sent
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) > 0 && got.size() < 1 << 20; ) {
                    got.write(buf, 0, n);
                }
            } catch (SocketTimeoutException | java.net.SocketException e) {
                // no (more) answer: judged on what arrived
            }
            String text = got.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.")) {
                return new Answer(0, text);
            }
            int status = Integer.parseInt(text.substring(9, 12));
            int bodyAt = text.indexOf("\r\n\r\n");
            return new Answer(status, bodyAt < 0 ? "" : text.substring(bodyAt + 4));
        }
    }
}
