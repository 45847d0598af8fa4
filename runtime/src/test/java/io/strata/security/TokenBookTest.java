package io.strata.security;

import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenBookTest {

    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-03T10:00:00Z"));
    final Clock clock = new Clock() {
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
    final MemoryControlStore store = new MemoryControlStore();
    final TokenBook book = new TokenBook(store, clock);

    Verdict verify(TokenBook b, String token) {
        return b.verify(token).toCompletableFuture().join();
    }

    TokenBook.Created create(String name, Role role, String group, Duration ttl) {
        return book.create(name, role, group, ttl).toCompletableFuture().join();
    }

    @Test
    void aCreatedTokenAuthenticatesAsItsNameRoleAndGroup() {
        TokenBook.Created c = create("ci-bot", Role.OPERATOR, "iot", null);

        assertThat(c.text()).matches("stk_[0-9a-f]{12}_[A-Za-z0-9_-]{32}");
        assertThat(verify(book, c.text()).principal()).isEqualTo(new Principal(c.token().id(), "ci-bot", Role.OPERATOR, "iot"));
        assertThat(store.readNow(TokenBook.NAMESPACE, c.token().id()).orElseThrow())
                .contains("secretSha256").doesNotContain(c.text().substring(17));
    }

    @Test
    void aWrongSecretAnUnknownIdAndGarbageAreRefused() {
        TokenBook.Created c = create("ci-bot", Role.VIEWER, null, null);
        String wrongSecret = c.text().substring(0, 17) + "x".repeat(32);

        assertThat(verify(book, wrongSecret).problem()).isEqualTo("this token is not known to the cluster");
        assertThat(verify(book, "stk_0123456789ab_" + "y".repeat(32)).problem()).isEqualTo("this token is not known to the cluster");
        assertThat(verify(book, "hunter2").problem()).contains("not a Strata token");
        assertThat(verify(book, null).problem()).contains("this request needs a token");
    }

    @Test
    void aRevokedTokenIsRefusedAtOnceHereAndAfterARefreshElsewhere() {
        TokenBook elsewhere = new TokenBook(store, clock);
        TokenBook.Created c = create("ci-bot", Role.VIEWER, null, null);
        assertThat(verify(elsewhere, c.text()).authenticated()).isTrue();

        assertThat(book.revoke(c.token().id()).toCompletableFuture().join()).get()
                .extracting(IssuedToken::revoked).isEqualTo(true);

        assertThat(verify(book, c.text()).problem()).isEqualTo("this token was revoked");
        elsewhere.refresh().toCompletableFuture().join();
        assertThat(verify(elsewhere, c.text()).problem()).isEqualTo("this token was revoked");
    }

    @Test
    void aRevokeSeenHereIsNotUndoneByAnOlderRead() {
        TokenBook.Created c = create("ci-bot", Role.VIEWER, null, null);
        String beforeRevoke = store.readNow(TokenBook.NAMESPACE, c.token().id()).orElseThrow();
        book.revoke(c.token().id()).toCompletableFuture().join();
        store.putNow(TokenBook.NAMESPACE, c.token().id(), beforeRevoke);

        book.refresh().toCompletableFuture().join();

        assertThat(verify(book, c.text()).problem()).isEqualTo("this token was revoked");
    }

    @Test
    void aTokenExpiresAfterItsTtl() {
        TokenBook.Created c = create("short", Role.VIEWER, null, Duration.ofHours(1));
        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(verify(book, c.text()).authenticated()).isTrue();

        now.set(now.get().plus(Duration.ofMinutes(1)));

        assertThat(verify(book, c.text()).problem()).isEqualTo("this token expired at 2026-12-03T11:00:00Z");
    }

    @Test
    void theClusterSecretIsTheSystemPrincipal() {
        book.clusterSecret().ensure();
        String system = new ClusterSecret(store).token().orElseThrow();

        assertThat(verify(new TokenBook(store, clock), system).principal()).isEqualTo(Principal.SYSTEM);
        assertThat(verify(book, "stk_system_" + "z".repeat(64)).authenticated()).isFalse();
    }

    @Test
    void mintedTokensAreValidAtOnceAndRevokedByName() {
        TokenBook.Created minted = book.mint("spark.driver-1", Role.OPERATOR, null, null);
        assertThat(verify(book, minted.text()).principal().role()).isEqualTo(Role.OPERATOR);

        book.revokeNamed("spark.driver-1").toCompletableFuture().join();

        assertThat(verify(book, minted.text()).problem()).isEqualTo("this token was revoked");
        assertThat(store.readNow(TokenBook.NAMESPACE, minted.token().id()).orElseThrow()).contains("revokedAt");
    }

    @Test
    void badNamesGroupsAndTtlsAreRefusedByName() {
        assertThatThrownBy(() -> book.create("bad name", Role.VIEWER, null, null)).hasMessageContaining("token name 'bad name'");
        assertThatThrownBy(() -> book.create("ok", Role.VIEWER, "Iot!", null)).hasMessageContaining("group 'Iot!'");
        assertThatThrownBy(() -> TokenBook.parseTtl("soon")).hasMessageContaining("ttl 'soon'");
        assertThatThrownBy(() -> Role.parse("root")).hasMessage("role 'root' is not one of viewer, operator, admin");
        assertThat(TokenBook.parseTtl("30d")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void aNewClusterGetsOneBootstrapAdminTokenWrittenForTheCli(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        assertThat(book.hasTokens()).isFalse();
        book.clusterSecret().ensure();
        TokenBook.Created c = create(Bootstrap.NAME, Role.ADMIN, null, null);
        Credentials.write(home, c.text());

        assertThat(Credentials.read(home)).contains(c.text());
        assertThat(java.nio.file.Files.getPosixFilePermissions(Credentials.path(home)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }
}
