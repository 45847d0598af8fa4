package io.strata.security;

import io.strata.store.ControlStore;
import io.strata.store.StoreUnavailableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * The cluster's own credential: a secret in ControlStore namespace {@value #NAMESPACE}, created
 * when the cluster starts and read by every master node. Callers inside the cluster (the
 * pipelines orchestrator, master-to-master artifact copies) send it as {@code stk_system_<secret>}
 * and are {@link Principal#SYSTEM}. Only master nodes can read the store, so only they hold it.
 */
public final class ClusterSecret {

    public static final String NAMESPACE = "auth/cluster";
    static final String KEY = "secret";

    private final ControlStore store;
    private volatile String secret;

    public ClusterSecret(ControlStore store) {
        this.store = store;
    }

    /** The bearer token of SYSTEM calls; reads the store until it has it once (blocking), empty while it cannot. */
    public Optional<String> token() {
        if (secret == null) {
            try {
                store.readNow(NAMESPACE, KEY).ifPresent(this::take);
            } catch (StoreUnavailableException e) {
                return Optional.empty();
            }
        }
        return Optional.ofNullable(secret).map(s -> TokenText.format(TokenText.SYSTEM_ID, s));
    }

    /** {@code Bearer stk_system_...}, or null while the secret cannot be read. */
    public String authorization() {
        return token().map(t -> "Bearer " + t).orElse(null);
    }

    /** Reads the secret again (it never changes once set, so this only matters until it is first read). */
    CompletionStage<Void> refresh() {
        return store.read(NAMESPACE, KEY).thenAccept(json -> json.ifPresent(this::take));
    }

    boolean known() {
        return secret != null;
    }

    boolean matches(String candidate) {
        String s = secret;
        return s != null && TokenText.same(TokenText.sha256(s), TokenText.sha256(candidate));
    }

    /** Creates the secret unless the store has one (blocking; at the start of a new cluster). */
    void ensure() {
        Optional<String> stored = store.readNow(NAMESPACE, KEY);
        if (stored.isPresent()) {
            take(stored.get());
            return;
        }
        String fresh = TokenText.newSecret() + TokenText.newSecret();
        store.putNow(NAMESPACE, KEY, IssuedToken.MAPPER.createObjectNode().put("secret", fresh).toString());
        secret = fresh;
    }

    private void take(String json) {
        try {
            String s = IssuedToken.MAPPER.readTree(json).path("secret").asText("");
            if (!s.isEmpty()) {
                secret = s;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
