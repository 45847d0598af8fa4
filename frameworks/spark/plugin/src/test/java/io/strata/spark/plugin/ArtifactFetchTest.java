package io.strata.spark.plugin;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The driver's jar comes from the first master node that sends the right bytes. */
class ArtifactFetchTest {

    static final byte[] JAR = "the application jar".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    HttpServer server;
    String base;
    String sha;

    @BeforeEach
    void serve() throws Exception {
        sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JAR));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/good/", ex -> {
            ex.sendResponseHeaders(200, JAR.length);
            ex.getResponseBody().write(JAR);
            ex.close();
        });
        server.createContext("/missing/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static String closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort() + "/x";
        }
    }

    @Test
    void theNextUrlIsTriedWhenAMasterNodeIsDownOrLacksTheJar() throws Exception {
        String urls = closedPort() + "," + base + "/missing/" + sha + "," + base + "/good/" + sha;

        ArtifactFetch.fetch(ArtifactFetch.urls(urls), sha, dir.resolve("sandbox/app.jar"), dir.resolve("cache"));

        assertThat(dir.resolve("sandbox/app.jar")).hasBinaryContent(JAR);
        assertThat(dir.resolve("cache").resolve(sha)).hasBinaryContent(JAR);
    }

    @Test
    void whenNoUrlSendsItEveryUrlIsNamedWithItsReason() throws Exception {
        String down = closedPort();
        List<java.net.URI> urls = ArtifactFetch.urls(down + "," + base + "/missing/" + sha);

        assertThatThrownBy(() -> ArtifactFetch.fetch(urls, sha, dir.resolve("app.jar"), dir.resolve("cache")))
                .hasMessageContaining(down).hasMessageContaining(base + "/missing/" + sha + " (HTTP 404)");
        assertThat(dir.resolve("app.jar")).doesNotExist();
        try (var left = Files.list(dir.resolve("cache"))) {
            assertThat(left).as("no half-fetched file in the cache").isEmpty();
        }
    }

    @Test
    void aSingleUrlStillWorks() throws Exception {
        ArtifactFetch.fetch(ArtifactFetch.urls(base + "/good/" + sha), sha, dir.resolve("app.jar"), dir.resolve("cache"));

        assertThat(dir.resolve("app.jar")).hasBinaryContent(JAR);
    }

    @Test
    void aCachedCopyAnotherTaskChangedIsFetchedAgain() throws Exception {
        java.nio.file.Path cache = java.nio.file.Files.createDirectories(dir.resolve("cache"));
        java.nio.file.Files.writeString(cache.resolve(sha), "a jar someone swapped in");

        ArtifactFetch.fetch(ArtifactFetch.urls(base + "/good/" + sha), sha, dir.resolve("app.jar"), cache);

        assertThat(dir.resolve("app.jar")).hasBinaryContent(JAR);
        assertThat(cache.resolve(sha)).hasBinaryContent(JAR);
    }
}
