package io.strata.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster identity on four namespace hosts: a master (it makes the cluster CA), an agent that joins
 * with a join token, a host that tries without one, and a laptop running the CLI. The API answers
 * HTTPS verified against the CA and nothing in plain HTTP; the cluster port speaks TLS with a
 * certificate from the CA, closes plaintext connections and wants a client certificate.
 */
class ClusterTlsTest {

    private static final Duration START = Duration.ofMinutes(3);

    @RegisterExtension
    final HostsExtension hosts = HostsExtension.of(4);

    @Test
    void hostsJoinOnlyWithATokenAndTheApiAndRemotingUseTls() throws Exception {
        Strata strata = hosts.strata();
        Host master = hosts.get(0);
        Host agent = hosts.get(1);
        Host stranger = hosts.get(2);
        Host laptop = hosts.get(3);

        strata.master(master, List.of(master));
        strata.awaitApi(master, START);
        assertThat(strata.node(master).stdout()).contains("Cluster CA certificate: " + master.home().resolve("tls/ca.crt"));

        // The API: HTTPS with a certificate for the master's address from the cluster CA; plain HTTP gets nothing.
        X509Certificate apiCert = serverCertificate(master.address(), Strata.API_PORT, strata.ca());
        assertThat(apiCert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList())
                .contains(master.address());
        assertThat(plainHttpStatus(master)).as("plain HTTP to the API port").isEmpty();

        // The cluster port: TLS with a certificate from the CA, a client without a certificate is dropped,
        // plaintext (a plain Artery TCP stream) is closed.
        AtomicReference<X509Certificate[]> chain = new AtomicReference<>();
        boolean dropped = tlsClientWithoutCertificateIsDropped(master.address(), Strata.CLUSTER_PORT, strata.ca(), chain);
        assertThat(chain.get()).as("the cluster port presented a certificate chain").isNotNull();
        chain.get()[0].verify(strata.ca().certificate().getPublicKey());
        assertThat(dropped).as("a TLS client without a certificate (mutual authentication)").isTrue();
        assertThat(plaintextIsClosed(master.address(), Strata.CLUSTER_PORT)).as("plaintext to the cluster port").isTrue();

        // A host without a join token cannot join; nor with a token the cluster did not issue.
        HostProcess noToken = strata.agentWithToken(stranger, master, null, "--cpus", "1", "--mem", "512");
        assertThat(noToken.await(START)).isNotZero();
        assertThat(noToken.stderr() + noToken.stdout()).contains("give a join token with --token");
        String real = strata.joinToken();
        String[] parts = real.split("\\.");
        String forged = String.join(".", parts[0], parts[1], "F".repeat(32), parts[3], parts[4]);
        HostProcess badToken = strata.agentWithToken(stranger, master, forged, "--cpus", "1", "--mem", "512");
        assertThat(badToken.await(START)).isNotZero();
        assertThat(badToken.stderr() + badToken.stdout()).contains("the cluster refused to let this host join");
        assertThat(Strata.hasCertificate(stranger)).isFalse();

        // With the token: it joins, keeps its key private, and the laptop's CLI sees it over HTTPS.
        strata.agent(agent, master, "--cpus", "1", "--mem", "512");
        strata.useApi(laptop, master);
        strata.awaitAgents(laptop, 1, START);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                agent.home().resolve("tls/node.key")))).isEqualTo("rw-------");
        assertThat(Files.readString(agent.home().resolve("tls/ca.crt"), StandardCharsets.US_ASCII))
                .isEqualTo(Files.readString(master.home().resolve("tls/ca.crt"), StandardCharsets.US_ASCII));

        // Restarted with its certificate, the agent needs no token.
        agent.kill();
        HostProcess again = strata.agentWithToken(agent, master, null, "--cpus", "1", "--mem", "512");
        JsonNode state = Await.until(START, "the restarted agent back", () -> Optional.of(strata.status(laptop))
                .filter(s -> Strata.activeAgentHosts(s).equals(List.of(agent.address()))));
        assertThat(again.isAlive()).isTrue();
        assertThat(Strata.activeAgentHosts(state)).doesNotContain(stranger.address());

        // The dashboard from another host: `strata ui` on the laptop prints a one-time link to the
        // master's HTTPS address; the page is served there, its code trades once for a session token,
        // and its data needs that token.
        String link = strata.cli(laptop, "ui").assertOk().stdout().trim();
        assertThat(link).startsWith(Strata.apiUrl(master) + "/#/signin/");
        HttpResponse<String> page = strata.https().send(HttpRequest.newBuilder(URI.create(Strata.apiUrl(master) + "/"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/ui/js/core.js");
        String code = link.substring(link.lastIndexOf('/') + 1);
        JsonNode session = strata.post(master, "/api/v1/ui/signin", "{\"code\":\"" + code + "\"}");
        assertThat(session.path("role").asText()).isEqualTo("admin");
        strata.post(master, "/api/v1/ui/signin", "{\"code\":\"" + code + "\"}", 401);
        HttpResponse<String> anonymous = strata.https().send(HttpRequest.newBuilder(
                        URI.create(Strata.apiUrl(master) + "/api/v1/history")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> signedIn = strata.https().send(HttpRequest.newBuilder(
                        URI.create(Strata.apiUrl(master) + "/api/v1/history")).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + session.path("token").asText()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(signedIn.statusCode()).isEqualTo(200);
    }

    /** The certificate a TLS server presents, verified against the cluster CA and the address. */
    private static X509Certificate serverCertificate(String host, int port, ClusterCa ca) throws IOException {
        try (SSLSocket socket = (SSLSocket) ca.sslContext().getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            var params = socket.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(params);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static Optional<Integer> plainHttpStatus(Host master) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://" + master.address() + ":" + Strata.API_PORT + "/health"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(r.statusCode());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Handshakes without a client certificate, recording the server's chain (checked against the CA);
     * true when the server then ends the connection instead of reading from it.
     */
    private static boolean tlsClientWithoutCertificateIsDropped(String host, int port, ClusterCa ca,
                                                                AtomicReference<X509Certificate[]> chain) throws Exception {
        X509TrustManager recording = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] c, String authType) throws CertificateException {
                throw new CertificateException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] c, String authType) throws CertificateException {
                chain.set(c);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[]{recording}, null);
        try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(10_000);
            try {
                socket.startHandshake();
                socket.getOutputStream().write(new byte[]{'P', 'K', 'K', 'A', 1});
                socket.getOutputStream().flush();
                return socket.getInputStream().read() < 0;
            } catch (java.net.SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        }
    }

    /** Sends the start of a plain Artery TCP stream; true when the server closes the connection. */
    private static boolean plaintextIsClosed(String host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(new byte[]{'P', 'K', 'K', 'A', 1});
            socket.getOutputStream().write(new byte[64]);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // a TLS alert may come first
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
