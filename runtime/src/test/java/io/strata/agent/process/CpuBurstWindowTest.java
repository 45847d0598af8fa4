package io.strata.agent.process;

import io.strata.resources.CpuBurst;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuBurstWindowTest {

    private static final Clock LAUNCH = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final CpuBurst WHOLE_CPU_FOR_A_MINUTE = CpuBurst.of(1.0, 60);

    private static CpuBurstWindow at(Duration sinceLaunch, CpuBurst burst, long taskMilliCpus) {
        Clock now = Clock.offset(LAUNCH, sinceLaunch);
        return CpuBurstWindow.decide(burst, taskMilliCpus, LAUNCH.millis(), now.millis());
    }

    @Test
    void aTaskLaunchedWithABurstGetsTheBurstQuotaUntilTheWindowEnds() {
        CpuBurstWindow atLaunch = at(Duration.ZERO, WHOLE_CPU_FOR_A_MINUTE, 500);
        assertThat(atLaunch.milliCpus()).isEqualTo(1000);
        assertThat(atLaunch.lowerAtMillis()).isEqualTo(OptionalLong.of(LAUNCH.millis() + 60_000));

        CpuBurstWindow justBefore = at(Duration.ofSeconds(59).plusMillis(999), WHOLE_CPU_FOR_A_MINUTE, 500);
        assertThat(justBefore.bursting()).isTrue();
        assertThat(justBefore.milliCpus()).isEqualTo(1000);
        assertThat(justBefore.lowerAtMillis()).isEqualTo(atLaunch.lowerAtMillis());
    }

    @Test
    void fromTheEndOfTheWindowOnTheQuotaIsTheTasksOwnCpus() {
        for (Duration since : new Duration[] {Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofDays(3)}) {
            CpuBurstWindow after = at(since, WHOLE_CPU_FOR_A_MINUTE, 500);
            assertThat(after.milliCpus()).as("at %s", since).isEqualTo(500);
            assertThat(after.bursting()).as("at %s", since).isFalse();
        }
    }

    @Test
    void noBurstABurstNotAboveTheTasksCpusAndATaskWithoutCpusKeepTheirOwnQuota() {
        assertThat(at(Duration.ZERO, null, 500)).isEqualTo(new CpuBurstWindow(500, OptionalLong.empty()));
        assertThat(at(Duration.ZERO, CpuBurst.of(0.5, 60), 500)).isEqualTo(new CpuBurstWindow(500, OptionalLong.empty()));
        assertThat(at(Duration.ZERO, CpuBurst.of(0.25, 60), 500)).isEqualTo(new CpuBurstWindow(500, OptionalLong.empty()));
        assertThat(at(Duration.ZERO, WHOLE_CPU_FOR_A_MINUTE, 0)).isEqualTo(new CpuBurstWindow(0, OptionalLong.empty()));
    }

    @Test
    void aBurstNeedsPositiveCpusAndSeconds() {
        assertThatThrownBy(() -> CpuBurst.of(0, 60)).hasMessage("cpu burst: cpus must be > 0, got 0.0");
        assertThatThrownBy(() -> CpuBurst.of(1.0, 0)).hasMessage("cpu burst: seconds must be > 0, got 0");
    }
}
