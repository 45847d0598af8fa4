package io.strata.spark.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Brings an artifact the Strata API serves into a task's sandbox, through a per-host cache keyed by
 * its SHA-256, so that each host downloads a jar once however many tasks need it. A task runs it
 * before its real command: {@code java -cp <plug-in> io.strata.spark.plugin.ArtifactFetch
 * URL[,URL...] SHA256 DEST}; the URLs (master nodes holding the artifact) are tried in order until one
 * sends the right bytes. JDK only, because a task cannot count on curl. Sends STRATA_TOKEN and, for
 * https URLs, trusts STRATA_CA_FILE (the dispatcher sets both for the drivers it runs).
 */
public final class ArtifactFetch {

    private ArtifactFetch() {
    }

    public static void main(String[] args) {
        if (args.length != 3) {
            System.err.println("usage: ArtifactFetch URL[,URL...] SHA256 DEST");
            System.exit(2);
        }
        try {
            fetch(urls(args[0]), args[1], Path.of(args[2]), cacheDir());
        } catch (IOException | RuntimeException e) {
            System.err.println("strata: cannot fetch artifact " + args[1] + ": " + e.getMessage());
            System.exit(1);
        }
    }

    static Path cacheDir() {
        String configured = System.getenv("STRATA_ARTIFACT_CACHE");
        return configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("java.io.tmpdir"), "strata-artifact-cache-" + System.getProperty("user.name"));
    }

    static List<URI> urls(String commaSeparated) {
        List<URI> out = new ArrayList<>();
        for (String u : commaSeparated.split(",")) {
            if (!u.isBlank()) {
                out.add(URI.create(u.trim()));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no URL given to fetch from");
        }
        return out;
    }

    static void fetch(List<URI> urls, String sha256, Path dest, Path cache) throws IOException {
        Files.createDirectories(cache);
        Path cached = cache.resolve(sha256);
        Path parent = dest.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // Every task of the same user shares the cache, so a cached copy counts only once the copy in
        // the sandbox (which no other task can reach) has the right digest.
        if (Files.exists(cached) && copyMatches(cached, dest, sha256)) {
            return;
        }
        Files.deleteIfExists(cached);
        List<String> failures = new ArrayList<>();
        for (URI url : urls) {
            try {
                download(url, sha256, cache, cached);
                break;
            } catch (IOException e) {
                failures.add(url + " (" + reason(e) + ")");
            }
        }
        if (!Files.exists(cached)) {
            throw new IOException("no URL could send it: " + String.join(", ", failures));
        }
        if (!copyMatches(cached, dest, sha256)) {
            throw new IOException("the cached copy in " + cache + " changed while it was copied");
        }
    }

    private static boolean copyMatches(Path cached, Path dest, String sha256) throws IOException {
        Files.copy(cached, dest, StandardCopyOption.REPLACE_EXISTING);
        try (InputStream in = Files.newInputStream(dest)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[65536];
            for (int n; (n = in.read(buf)) > 0; ) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest()).equals(sha256);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? (e instanceof java.net.ConnectException ? "connection refused"
                : e.getClass().getSimpleName()) : m;
    }

    /** Downloads to a temporary file and renames it only when the digest matches: the cache never holds half a jar. */
    private static void download(URI url, String sha256, Path cache, Path cached) throws IOException {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (url.getScheme().equals("https") && PluginCredentials.caFile(null) != null) {
            builder.sslContext(PluginCredentials.ssl(PluginCredentials.caFile(null)));
        }
        HttpClient http = builder.build();
        String token = PluginCredentials.token(null);
        Path tmp = Files.createTempFile(cache, sha256, ".part");
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(url).GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<InputStream> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException("HTTP " + response.statusCode());
            }
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(response.body(), digest)) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new IOException("its SHA-256 is " + actual + ", expected " + sha256);
            }
            Files.move(tmp, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
