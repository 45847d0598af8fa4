package io.strata.security;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/**
 * {@code <home>/credentials.json}, {@code {"token": "stk_..."}}, readable by its owner only: the
 * token the CLI of this home sends when no other is given. A node that starts a new cluster
 * writes its bootstrap admin token there, so {@code strata up} needs no extra step.
 */
public final class Credentials {

    public static final String FILE = "credentials.json";

    private Credentials() {
    }

    public static Path path(Path home) {
        return home.resolve(FILE);
    }

    /** Writes the file atomically with mode 0600. */
    public static void write(Path home, String token) throws IOException {
        Files.createDirectories(home);
        Path tmp = home.resolve(FILE + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(tmp);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("cannot create " + tmp + ": it appeared while writing", e);
        }
        Files.writeString(tmp, IssuedToken.MAPPER.createObjectNode().put("token", token).toPrettyString() + "\n",
                StandardCharsets.UTF_8);
        Files.move(tmp, path(home), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The token in the file; empty when there is no file. */
    public static Optional<String> read(Path home) throws IOException {
        Path file = path(home);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode json = IssuedToken.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
        if (json == null || !json.path("token").isTextual() || json.get("token").asText().isBlank()) {
            throw new IOException("it has no \"token\" field");
        }
        return Optional.of(json.get("token").asText().strip());
    }
}
