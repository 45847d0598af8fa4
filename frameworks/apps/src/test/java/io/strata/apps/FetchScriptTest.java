package io.strata.apps;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The script an instance with artifacts runs, run by a real sh with the real fetcher against a JDK
 * HTTP server standing in for the artifact routes: the file lands in the sandbox under its name
 * before the command is exec'd, and a failed fetch stops the script with the fetcher's reason.
 */
class FetchScriptTest {

    private static final byte[] BYTES = "it's the artifact\n".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path sandbox;
    private HttpServer server;
    private AppTasks.Fetcher fetcher;

    @BeforeEach
    void serveOneArtifact() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/artifacts/" + sha256(BYTES), exchange -> {
            exchange.sendResponseHeaders(200, BYTES.length);
            exchange.getResponseBody().write(BYTES);
            exchange.close();
        });
        server.start();
        fetcher = new AppTasks.Fetcher(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                AppsExtension.fetcherClassPath(), "http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void theArtifactIsInTheSandboxUnderItsNameWhenTheCommandStarts() throws Exception {
        Result r = run(AppTasks.fetchThenExec(List.of(new AppDefinition.Artifact(sha256(BYTES), "it's.txt")), fetcher,
                List.of("cat", "it's.txt")));
        assertThat(r.exit()).as(r.stderr()).isZero();
        assertThat(r.stdout()).isEqualTo("it's the artifact\n");
    }

    @Test
    void aFailedFetchEndsTheScriptWithTheFetchersReasonAndTheCommandNeverStarts() throws Exception {
        String unknown = "0".repeat(64);
        Result r = run(AppTasks.fetchThenExec(List.of(new AppDefinition.Artifact(unknown, "x.bin")), fetcher,
                List.of("echo", "started")));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.stdout()).isEmpty();
        assertThat(r.stderr()).contains("strata: cannot fetch artifact " + unknown + ": no URL could send it: "
                + fetcher.apiUrl() + "/api/v1/artifacts/" + unknown + " (HTTP 404)");
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private Result run(String script) throws IOException, InterruptedException {
        ProcessBuilder b = new ProcessBuilder("sh", "-c", script).directory(sandbox.toFile());
        b.environment().put("STRATA_SANDBOX", sandbox.toString());
        b.environment().put("STRATA_ARTIFACT_CACHE", sandbox.resolve(".cache").toString());
        b.environment().remove("STRATA_TOKEN");
        Process p = b.start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the script ended").isTrue();
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                    new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
