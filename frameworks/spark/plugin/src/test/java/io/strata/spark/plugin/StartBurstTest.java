package io.strata.spark.plugin;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-up bursts' settings, defaults and bounds: drivers a whole cpu for 90 s, executors one
 * cpu more than their own (at most 4) for 60 s; 0 or no more than the JVM's own cpus for none.
 */
class StartBurstTest {

    private static StartBurst.Burst executor(Map<String, String> conf, double ownCpus) {
        return StartBurst.EXECUTOR.of(conf::get, ownCpus);
    }

    @Test
    void anExecutorBurstsToOneCpuMoreThanItsOwnForSixtySecondsAtMostFourCpus() {
        assertThat(executor(Map.of(), 0.5)).isEqualTo(new StartBurst.Burst(1500, 60));
        assertThat(executor(Map.of(), 1)).isEqualTo(new StartBurst.Burst(2000, 60));
        assertThat(executor(Map.of(), 3.5)).isEqualTo(new StartBurst.Burst(4000, 60));
        assertThat(executor(Map.of(), 4)).as("no burst above the bound").isNull();
        assertThat(executor(Map.of(), 6)).isNull();
    }

    @Test
    void theSettingsChangeTheBurstAndZeroOrNoMoreThanTheOwnCpusTurnItOff() {
        assertThat(executor(Map.of("spark.strata.executor.burstCpus", "3", "spark.strata.executor.burstSeconds", "20"), 1))
                .isEqualTo(new StartBurst.Burst(3000, 20));
        assertThat(executor(Map.of("spark.strata.executor.burstCpus", " 2.5 "), 1))
                .isEqualTo(new StartBurst.Burst(2500, 60));
        assertThat(executor(Map.of("spark.strata.executor.burstCpus", "0"), 1)).isNull();
        assertThat(executor(Map.of("spark.strata.executor.burstCpus", "1"), 1)).isNull();
        assertThat(executor(Map.of("spark.strata.executor.burstCpus", ""), 1)).as("blank is the default")
                .isEqualTo(new StartBurst.Burst(2000, 60));
    }

    @Test
    void theDriversDefaultIsAWholeCpuForNinetySecondsUnderItsOwnKeys() {
        assertThat(StartBurst.DRIVER.cpusKey()).isEqualTo("spark.strata.driver.burstCpus");
        assertThat(StartBurst.DRIVER.secondsKey()).isEqualTo("spark.strata.driver.burstSeconds");
        assertThat(StartBurst.DRIVER.of(k -> null, 0.5)).isEqualTo(new StartBurst.Burst(1000, 90));
        assertThat(StartBurst.DRIVER.of(k -> null, 1)).isNull();
        assertThat(StartBurst.DRIVER.of(Map.of("spark.strata.executor.burstCpus", "3")::get, 0.5))
                .as("the executors' settings are not the driver's").isEqualTo(new StartBurst.Burst(1000, 90));
    }

    @Test
    void aValueOutOfRangeOrNotANumberIsRefusedNamingTheSettingAndWhatIsValid() {
        assertThatThrownBy(() -> executor(Map.of("spark.strata.executor.burstCpus", "4.5"), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("spark.strata.executor.burstCpus='4.5' must be a number of cpus from 0 to 4 (0 turns the burst "
                        + "off), e.g. 1.0");
        assertThatThrownBy(() -> executor(Map.of("spark.strata.executor.burstCpus", "-1"), 1))
                .hasMessageStartingWith("spark.strata.executor.burstCpus='-1' must be");
        assertThatThrownBy(() -> executor(Map.of("spark.strata.executor.burstCpus", "NaN"), 1))
                .hasMessageStartingWith("spark.strata.executor.burstCpus='NaN' must be");
        assertThatThrownBy(() -> executor(Map.of("spark.strata.executor.burstSeconds", "0"), 1))
                .hasMessage("spark.strata.executor.burstSeconds='0' must be a whole number of seconds from 1 to 600, e.g. 60");
        assertThatThrownBy(() -> executor(Map.of("spark.strata.executor.burstSeconds", "1.5"), 1))
                .hasMessageStartingWith("spark.strata.executor.burstSeconds='1.5' must be");
        assertThatThrownBy(() -> executor(Map.of("spark.strata.executor.burstSeconds", "601"), 1))
                .hasMessageStartingWith("spark.strata.executor.burstSeconds='601' must be");
        assertThatThrownBy(() -> executor(Map.of("spark.strata.executor.burstCpus", "0",
                "spark.strata.executor.burstSeconds", "x"), 1))
                .as("a bad value is refused even with the burst off").hasMessageStartingWith("spark.strata.executor.burstSeconds='x'");
    }
}
