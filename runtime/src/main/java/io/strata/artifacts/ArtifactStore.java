package io.strata.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files that clients upload for tasks (application jars), kept under {@code <home>/artifacts} and
 * named by their SHA-256: the same jar uploaded twice is stored once, and a name always means the
 * same bytes, so agents can cache what they fetched forever.
 */
public final class ArtifactStore {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path dir;

    public ArtifactStore(Path dir) {
        this.dir = dir;
    }

    public static boolean isSha256(String s) {
        return s != null && SHA256.matcher(s).matches();
    }

    /** Moves a file just received into the store; returns its SHA-256. */
    public String adopt(Path received) throws IOException {
        String sha;
        try (InputStream in = Files.newInputStream(received)) {
            sha = sha256(in);
        }
        keep(received, sha);
        return sha;
    }

    /**
     * Moves a file received from another node into the store, if its SHA-256 is the one expected.
     *
     * @throws IllegalArgumentException when the bytes are not the expected ones (the file is deleted)
     */
    public void adopt(Path received, String expectedSha256) throws IOException {
        String sha;
        try (InputStream in = Files.newInputStream(received)) {
            sha = sha256(in);
        }
        if (!sha.equals(expectedSha256)) {
            Files.deleteIfExists(received);
            throw new IllegalArgumentException("the bytes received have SHA-256 " + sha + ", not " + expectedSha256);
        }
        keep(received, sha);
    }

    private void keep(Path received, String sha) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(sha);
        if (Files.exists(target)) {
            Files.delete(received);
        } else {
            Files.move(received, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** A temporary file in the store's own directory, so that {@link #adopt} is an atomic rename. */
    public Path newUpload() throws IOException {
        Files.createDirectories(dir);
        return Files.createTempFile(dir, "upload-", ".part");
    }

    public Optional<Path> find(String sha256) {
        if (!isSha256(sha256)) {
            return Optional.empty();
        }
        Path p = dir.resolve(sha256);
        return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }

    static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (DigestInputStream d = new DigestInputStream(in, digest)) {
                d.transferTo(OutputStreamSink.INSTANCE);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Discards bytes: digesting only needs them read. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
