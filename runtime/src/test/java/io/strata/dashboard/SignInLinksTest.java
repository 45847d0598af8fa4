package io.strata.dashboard;

import io.strata.security.Principal;
import io.strata.security.Role;
import io.strata.security.TokenBook;
import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignInLinksTest {

    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    final MemoryControlStore store = new MemoryControlStore();
    final TokenBook tokens = new TokenBook(store, Clock.fixed(T0, ZoneOffset.UTC));
    final SignInLinks links = new SignInLinks(store, tokens, Duration.ofMinutes(5), Duration.ofHours(12));
    final Principal creator = new Principal("0123456789ab", "alice", Role.OPERATOR, "iot");

    SignInLinks.Link create(Instant at) {
        return links.create(creator, at).toCompletableFuture().join();
    }

    TokenBook.Created redeem(String code, Instant at) {
        return links.redeem(code, at).toCompletableFuture().join();
    }

    static void assertRefused(Runnable r, String sentence) {
        assertThatThrownBy(r::run).isInstanceOf(CompletionException.class).cause()
                .isInstanceOf(SignInLinks.Refused.class).hasMessage(sentence);
    }

    @Test
    void aCodeSignsInOnceAsANewSessionWithTheCreatorsRoleAndGroup() {
        SignInLinks.Link link = create(T0);
        assertThat(link.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(link.code()).matches("[A-Za-z0-9_-]{32}");

        TokenBook.Created session = redeem(link.code(), T0.plusSeconds(60));

        assertThat(session.token().name()).isEqualTo("ui-alice");
        assertThat(session.token().role()).isEqualTo(Role.OPERATOR);
        assertThat(session.token().group()).isEqualTo("iot");
        assertThat(session.token().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(12)));
        assertThat(tokens.verify(session.text()).toCompletableFuture().join().principal().name()).isEqualTo("ui-alice");
        assertRefused(() -> redeem(link.code(), T0.plusSeconds(61)), "this sign-in link was already used at "
                + T0.plusSeconds(60) + "; run 'strata ui' for a new link");
    }

    @Test
    void theStoreKeepsOnlyTheCodesHash() {
        SignInLinks.Link link = create(T0);

        assertThat(store.readAllNow(SignInLinks.NAMESPACE)).containsOnlyKeys(SignInLinks.sha256(link.code()));
        assertThat(store.readAllNow(SignInLinks.NAMESPACE).values().iterator().next()).doesNotContain(link.code());
    }

    @Test
    void aCodeExpiresAfterFiveMinutes() {
        SignInLinks.Link link = create(T0);

        assertRefused(() -> redeem(link.code(), T0.plus(Duration.ofMinutes(5))), "this sign-in link expired at "
                + link.expiresAt() + " (links are valid for 5 minutes); run 'strata ui' for a new link");
    }

    @Test
    void anUnknownOrMalformedCodeIsRefused() {
        assertRefused(() -> redeem("A".repeat(32), T0), "this sign-in link is not known to the cluster; run 'strata ui' for a new link");
        assertRefused(() -> redeem("../../etc", T0), "this sign-in link is not known to the cluster; run 'strata ui' for a new link");
    }

    @Test
    void aSessionMadeFromASessionKeepsItsName() {
        assertThat(SignInLinks.sessionName("ui-alice")).isEqualTo("ui-alice");
        assertThat(SignInLinks.sessionName("x".repeat(70))).hasSize(63);
    }

    @Test
    void linksLongExpiredAreForgottenWhenTheNextIsMade() {
        create(T0);
        create(T0.plus(Duration.ofHours(2)));
        assertThat(store.readAllNow(SignInLinks.NAMESPACE)).hasSize(1);
    }
}
