package io.strata.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KillGraceTest {

    @Test
    void noParameterIsTheDefaultAndDurationsAreMilliseconds() {
        assertThat(KillGrace.millis(Optional.empty())).isNull();
        assertThat(KillGrace.millis(Optional.of("0"))).isZero();
        assertThat(KillGrace.millis(Optional.of("0s"))).isZero();
        assertThat(KillGrace.millis(Optional.of("500ms"))).isEqualTo(500);
        assertThat(KillGrace.millis(Optional.of(" 30s "))).isEqualTo(30_000);
        assertThat(KillGrace.millis(Optional.of("2m"))).isEqualTo(120_000);
    }

    @Test
    void anythingElseIsRefusedNamingTheValueAndWhatWouldDo() {
        for (String bad : new String[] {"soon", "-1s", "", "10 parsecs"}) {
            assertThatThrownBy(() -> KillGrace.millis(Optional.of(bad)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'grace' must be a duration such as 0s, 500ms or 10s (the time between SIGTERM and "
                            + "SIGKILL); got '" + bad + "'");
        }
    }
}
