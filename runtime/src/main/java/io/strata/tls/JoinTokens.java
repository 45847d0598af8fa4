package io.strata.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.store.ControlStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Join tokens, kept in the control store (namespace {@value #NAMESPACE}, key = token id) with only
 * the SHA-256 of their secret. A token may be used by any number of hosts until it expires or is
 * deleted.
 */
public final class JoinTokens {

    public static final String NAMESPACE = "auth/join-tokens";
    public static final Duration DEFAULT_TTL = Duration.ofHours(24);
    static final Duration MAX_TTL = Duration.ofDays(365);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(JoinTokens.class);

    private final ControlStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final Map<String, String> pending = new ConcurrentHashMap<>();

    public JoinTokens(ControlStore store, Clock clock, SecureRandom random) {
        this.store = store;
        this.clock = clock;
        this.random = random;
    }

    /** A stored token's public part. */
    public record Issued(String id, Instant createdAt, Instant expiresAt) {
    }

    /**
     * A new token, once a majority of master nodes hold its record. While there is no majority (the
     * first master of a new cluster, before the others have joined with such a token) this master
     * keeps the record, accepts the token itself and stores the record once it can.
     */
    public CompletionStage<JoinToken> create(Duration ttl, String caFingerprint, List<Integer> apiPorts) {
        storePending();
        JoinToken token = JoinToken.mint(random, caFingerprint, apiPorts);
        Instant now = clock.instant();
        String record = JSON.createObjectNode().put("id", token.id()).put("secretSha256", token.secretHash())
                .put("createdAt", now.toString()).put("expiresAt", now.plus(ttl).toString()).toString();
        pending.put(token.id(), record);
        return store.put(NAMESPACE, token.id(), record).handle((done, error) -> {
            if (error == null) {
                pending.remove(token.id(), record);
            } else {
                LOG.info("join token kept on this master until a majority of master nodes can store it id={}", token.id());
            }
            return token;
        });
    }

    /** Empty when {@code token} may join now, else the plain reason it may not. */
    public CompletionStage<Optional<String>> check(JoinToken token) {
        storePending();
        String held = pending.get(token.id());
        CompletionStage<Optional<String>> read = held != null
                ? CompletableFuture.completedFuture(Optional.of(held)) : store.read(NAMESPACE, token.id());
        return read.thenApply(stored -> {
            if (stored.isEmpty()) {
                return Optional.of("this join token is not known to the cluster (it was deleted or never created)");
            }
            JsonNode record = parse(stored.get());
            byte[] want = record.path("secretSha256").asText().getBytes(StandardCharsets.US_ASCII);
            byte[] got = token.secretHash().getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(want, got)) {
                return Optional.of("this join token is not known to the cluster (it was deleted or never created)");
            }
            Instant expires = Instant.parse(record.path("expiresAt").asText());
            if (!clock.instant().isBefore(expires)) {
                return Optional.of("this join token expired at " + expires + "; create a new one with "
                        + "'strata token create --join'");
            }
            return Optional.empty();
        });
    }

    public CompletionStage<List<Issued>> list() {
        storePending();
        return store.readAll(NAMESPACE).thenApply(stored -> {
            Map<String, String> all = new TreeMap<>(stored);
            all.putAll(pending);
            List<Issued> out = new ArrayList<>();
            all.values().forEach(json -> {
                JsonNode n = parse(json);
                out.add(new Issued(n.path("id").asText(), Instant.parse(n.path("createdAt").asText()),
                        Instant.parse(n.path("expiresAt").asText())));
            });
            return out;
        });
    }

    /** Deletes token {@code id}; false when there was none. */
    public CompletionStage<Boolean> delete(String id) {
        boolean held = pending.remove(id) != null;
        return store.read(NAMESPACE, id).thenCompose(stored -> stored.isEmpty()
                ? CompletableFuture.completedFuture(held)
                : store.remove(NAMESPACE, id).thenApply(done -> true));
    }

    /** Tries again to store the records this master holds alone. */
    private void storePending() {
        pending.forEach((id, record) -> store.put(NAMESPACE, id, record).thenRun(() -> {
            if (pending.remove(id, record)) {
                LOG.info("join token stored in the control store id={}", id);
            }
        }));
    }

    /** "30m", "24h", "7d", "3600s"; the error names the value and what is valid. */
    public static Duration parseTtl(String text) {
        return io.strata.security.TokenBook.parseTtl(text, MAX_TTL);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a stored join token record is not JSON: " + e.getMessage(), e);
        }
    }
}
