package io.strata.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.security.Principal;
import io.strata.security.Role;
import io.strata.security.TokenBook;
import io.strata.store.ControlStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * One-time sign-in links for the dashboard ({@code strata ui}): a holder of a valid token asks for a
 * code; whoever opens the link with it gets a new session token with the creator's role and group.
 * A code is valid for a few minutes and once; the store (namespace {@value #NAMESPACE}, key = the
 * code's SHA-256) never holds the code itself. Time comes in as {@code now}.
 *
 * <p>Two nodes that redeem the same code at the same moment could both succeed: the store has no
 * compare-and-set. On one node a code is redeemed once.
 */
public final class SignInLinks {

    public static final String NAMESPACE = "auth/ui-links";
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String AGAIN = "; run 'strata ui' for a new link";

    /** A new link's code (shown once) and when it expires. */
    public record Link(String code, Instant expiresAt) {
    }

    /** Why a code does not sign anyone in (the API answers 401 with the sentence). */
    public static final class Refused extends RuntimeException {
        public Refused(String sentence) {
            super(sentence, null, false, false);
        }
    }

    private final ControlStore store;
    private final TokenBook tokens;
    private final Duration linkTtl;
    private final Duration sessionTtl;
    private final Set<String> redeeming = ConcurrentHashMap.newKeySet();

    public SignInLinks(ControlStore store, TokenBook tokens, Duration linkTtl, Duration sessionTtl) {
        this.store = store;
        this.tokens = tokens;
        this.linkTtl = linkTtl;
        this.sessionTtl = sessionTtl;
    }

    public Duration sessionTtl() {
        return sessionTtl;
    }

    /** Makes a code for {@code creator}; completes once a majority of master nodes hold it. */
    public CompletionStage<Link> create(Principal creator, Instant now) {
        byte[] b = new byte[24];
        RANDOM.nextBytes(b);
        String code = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Instant expires = now.plus(linkTtl);
        ObjectNode record = MAPPER.createObjectNode()
                .put("creatorTokenId", creator.tokenId()).put("creator", creator.name())
                .put("role", creator.role().spelling()).put("createdAt", now.toString()).put("expiresAt", expires.toString());
        if (creator.group() == null) {
            record.putNull("group");
        } else {
            record.put("group", creator.group());
        }
        record.putNull("usedAt");
        forgetOld(now);
        return store.put(NAMESPACE, sha256(code), record.toString()).thenApply(v -> new Link(code, expires));
    }

    /**
     * Signs in with a code: marks it used and creates the session token. Fails with {@link Refused}
     * for a code that is unknown, used or expired.
     */
    public CompletionStage<TokenBook.Created> redeem(String code, Instant now) {
        if (code == null || !CODE.matcher(code).matches()) {
            return failed(new Refused("this sign-in link is not known to the cluster" + AGAIN));
        }
        String key = sha256(code);
        if (!redeeming.add(key)) {
            return failed(new Refused("this sign-in link was already used" + AGAIN));
        }
        return store.read(NAMESPACE, key).thenCompose(found -> {
            if (found.isEmpty()) {
                throw new Refused("this sign-in link is not known to the cluster" + AGAIN);
            }
            ObjectNode record = (ObjectNode) parse(found.get());
            if (record.hasNonNull("usedAt")) {
                throw new Refused("this sign-in link was already used at " + record.get("usedAt").asText() + AGAIN);
            }
            Instant expires = Instant.parse(record.path("expiresAt").asText());
            if (!now.isBefore(expires)) {
                throw new Refused("this sign-in link expired at " + expires + " (links are valid for "
                        + linkTtl.toMinutes() + " minutes)" + AGAIN);
            }
            record.put("usedAt", now.toString());
            Role role = Role.parse(record.path("role").asText());
            String group = record.hasNonNull("group") ? record.get("group").asText() : null;
            String name = sessionName(record.path("creator").asText());
            return store.put(NAMESPACE, key, record.toString())
                    .thenCompose(v -> tokens.create(name, role, group, sessionTtl));
        }).whenComplete((c, err) -> redeeming.remove(key));
    }

    /** The session token's name: ui-&lt;creator&gt; (a creator that is a session already keeps its name). */
    static String sessionName(String creator) {
        String name = creator.startsWith("ui-") ? creator : "ui-" + creator;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** Drops records of links that expired over an hour ago, in the background. */
    private void forgetOld(Instant now) {
        store.readAll(NAMESPACE).thenAccept(all -> all.forEach((key, json) -> {
            JsonNode n = parse(json);
            if (Instant.parse(n.path("expiresAt").asText()).plus(Duration.ofHours(1)).isBefore(now)) {
                store.remove(NAMESPACE, key);
            }
        }));
    }

    private static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> CompletionStage<T> failed(Throwable t) {
        return CompletableFuture.failedFuture(t);
    }
}
