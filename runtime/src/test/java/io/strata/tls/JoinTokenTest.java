package io.strata.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class JoinTokenTest {

    private static final String FP = "ab".repeat(32);

    @Test
    void aPrintedTokenReadsBackWithItsCaFingerprintAndApiPorts() {
        JoinToken token = JoinToken.mint(new SecureRandom(), FP, List.of(8080, 8443));
        JoinToken read = JoinToken.parse(token.format());
        assertThat(read).isEqualTo(token);
        assertThat(read.apiPorts()).containsExactly(8080, 8443);
        assertThat(token.format()).startsWith("stj." + token.id() + ".");
        assertThat(token.toString()).doesNotContain(token.secret());
    }

    @Test
    void malformedTokensAreRefusedWithAReasonThatDoesNotEchoTheSecret() {
        JoinToken token = JoinToken.mint(new SecureRandom(), FP, List.of(8080));
        assertThatThrownBy(() -> JoinToken.parse("stk_abc_def")).hasMessageContaining("not in the form stj.");
        assertThatThrownBy(() -> JoinToken.parse(null)).hasMessageContaining("not in the form");
        assertThatThrownBy(() -> JoinToken.parse(token.format().replace(FP, "xyz")))
                .hasMessageContaining("CA fingerprint must be 64 hex digits");
        assertThatThrownBy(() -> JoinToken.parse(token.format().replace(".8080", ".99999")))
                .hasMessageContaining("API port '99999'");
        assertThatThrownBy(() -> JoinToken.parse("stj.short." + token.secret() + "." + FP + ".8080"))
                .hasMessageContaining("id or secret is malformed").message().doesNotContain(token.secret());
    }

    @Test
    void ttlsReadWithUnitsAndBadOnesNameTheValue() {
        assertThat(JoinTokens.parseTtl("24h")).isEqualTo(Duration.ofHours(24));
        assertThat(JoinTokens.parseTtl("30m")).isEqualTo(Duration.ofMinutes(30));
        assertThat(JoinTokens.parseTtl("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(JoinTokens.parseTtl("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThatThrownBy(() -> JoinTokens.parseTtl("soon")).hasMessageContaining("'soon'").hasMessageContaining("24h");
        assertThatThrownBy(() -> JoinTokens.parseTtl("0h")).hasMessageContaining("more than 0");
        assertThatThrownBy(() -> JoinTokens.parseTtl("400d")).hasMessageContaining("must be at most 365d");
    }
}
