package io.strata.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.store.ControlStore;
import io.strata.store.MemoryControlStore;
import io.strata.store.StoreUnavailableException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class JoinTokensTest {

    private static final String FP = "cd".repeat(32);
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T10:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final MemoryControlStore store = new MemoryControlStore();
    private final JoinTokens tokens = new JoinTokens(store, clock, new SecureRandom());

    @Test
    void aTokenJoinsManyHostsUntilItExpires() {
        JoinToken token = tokens.create(Duration.ofHours(1), FP, List.of(8080)).toCompletableFuture().join();
        assertThat(check(token)).isEmpty();
        assertThat(check(token)).as("reusable").isEmpty();
        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(check(token)).isEmpty();
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(check(token)).hasValueSatisfying(reason -> assertThat(reason).contains("expired at 2026-12-01T11:00:00Z"));
    }

    @Test
    void theStoreKeepsOnlyTheSecretsHash() {
        JoinToken token = tokens.create(Duration.ofHours(1), FP, List.of(8080)).toCompletableFuture().join();
        String record = store.readNow(JoinTokens.NAMESPACE, token.id()).orElseThrow();
        assertThat(record).doesNotContain(token.secret()).contains(token.secretHash());
    }

    @Test
    void aWrongSecretOrADeletedTokenCannotJoin() {
        JoinToken token = tokens.create(Duration.ofHours(1), FP, List.of(8080)).toCompletableFuture().join();
        JoinToken forged = new JoinToken(token.id(), "A".repeat(32), FP, List.of(8080));
        assertThat(check(forged)).hasValueSatisfying(reason -> assertThat(reason).contains("not known to the cluster"));
        assertThat(tokens.list().toCompletableFuture().join()).extracting(JoinTokens.Issued::id).containsExactly(token.id());
        assertThat(tokens.delete(token.id()).toCompletableFuture().join()).isTrue();
        assertThat(tokens.delete(token.id()).toCompletableFuture().join()).isFalse();
        assertThat(check(token)).hasValueSatisfying(reason -> assertThat(reason).contains("deleted or never created"));
    }

    @Test
    void withoutAMajorityTheMasterHoldsANewTokenAndStoresItLater() {
        java.util.concurrent.atomic.AtomicBoolean majority = new java.util.concurrent.atomic.AtomicBoolean(false);
        ControlStore flaky = new ControlStore() {
            @Override
            public CompletionStage<Void> put(String namespace, String key, String json) {
                return majority.get() ? store.put(namespace, key, json)
                        : CompletableFuture.failedFuture(new StoreUnavailableException("no majority", null));
            }

            @Override
            public CompletionStage<Void> remove(String namespace, String key) {
                return store.remove(namespace, key);
            }

            @Override
            public CompletionStage<Map<String, String>> readAll(String namespace) {
                return store.readAll(namespace);
            }

            @Override
            public CompletionStage<Optional<String>> read(String namespace, String key) {
                return store.read(namespace, key);
            }

            @Override
            public CompletionStage<List<StoredVersion>> history(String namespace, String key) {
                return store.history(namespace, key);
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(1);
            }
        };
        JoinTokens first = new JoinTokens(flaky, clock, new SecureRandom());
        JoinToken token = first.create(Duration.ofHours(1), FP, List.of(8080)).toCompletableFuture().join();
        assertThat(first.check(token).toCompletableFuture().join()).as("accepted by the master holding it").isEmpty();
        assertThat(store.readNow(JoinTokens.NAMESPACE, token.id())).isEmpty();

        majority.set(true);
        assertThat(first.check(token).toCompletableFuture().join()).isEmpty();
        assertThat(check(token)).as("another master reads it from the store").isEmpty();
    }

    private Optional<String> check(JoinToken token) {
        return tokens.check(token).toCompletableFuture().join();
    }
}
