package io.strata.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A host without a certificate gets one: it makes its key, sends a certificate request with the
 * join token to {@code POST /api/v1/join} on a master's HTTPS API (the server's chain verified
 * against the CA fingerprint in the token, so nothing goes to an impostor) and keeps the answer
 * in {@code <home>/tls/}.
 */
public final class Enrollment {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Enrollment() {
    }

    /** Enrolls through the first of {@code seeds} (HOST:PORT cluster addresses) whose API answers. */
    public static void enroll(TlsFiles files, String token, List<String> seeds, String host) {
        JoinToken join = JoinToken.parse(token);
        KeyPair keys = CertificateAuthority.rsaKeyPair();
        String body = JSON.createObjectNode().put("token", token).put("csr", CertificateRequests.create(keys))
                .put("host", host).toString();
        HttpClient http = HttpClient.newBuilder().sslContext(ClusterTrust.pinned(join.caFingerprint()))
                .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
        List<String> failures = new ArrayList<>();
        for (String seed : seeds) {
            String seedHost = seed.substring(0, seed.lastIndexOf(':'));
            for (int port : join.apiPorts()) {
                URI uri = URI.create("https://" + (seedHost.indexOf(':') >= 0 ? "[" + seedHost + "]" : seedHost) + ":"
                        + port + "/api/v1/join");
                HttpResponse<String> response;
                try {
                    response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                } catch (IOException e) {
                    failures.add(uri + ": " + rootMessage(e));
                    continue;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while joining", e);
                }
                JsonNode answer = readJson(response.body());
                if (response.statusCode() == 401 || response.statusCode() == 403 || response.statusCode() == 400) {
                    throw new IllegalArgumentException("the cluster refused to let this host join ("
                            + uri.getHost() + ":" + port + " answered: " + answer.path("error").asText(response.body())
                            + ")");
                }
                if (response.statusCode() != 200) {
                    failures.add(uri + ": HTTP " + response.statusCode() + " " + answer.path("error").asText(""));
                    continue;
                }
                store(files, join, keys, answer);
                return;
            }
        }
        throw new IllegalStateException("could not get a certificate from any master's API (" + String.join("; ", failures)
                + "); is a master running and was the token made by this cluster?");
    }

    private static void store(TlsFiles files, JoinToken join, KeyPair keys, JsonNode answer) {
        X509Certificate ca = Pem.certificate(answer.path("ca").asText());
        X509Certificate cert = Pem.certificate(answer.path("certificate").asText());
        if (!CertificateAuthority.fingerprint(ca).equals(join.caFingerprint())) {
            throw new IllegalStateException("the master answered with a CA other than the one the join token names");
        }
        try {
            cert.verify(ca.getPublicKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the certificate the master issued is not signed by the cluster CA");
        }
        if (!cert.getPublicKey().equals(keys.getPublic())) {
            throw new IllegalStateException("the certificate the master issued is for another key");
        }
        files.write(ca, keys.getPrivate(), cert);
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    }
}
