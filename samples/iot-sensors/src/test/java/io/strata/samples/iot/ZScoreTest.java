package io.strata.samples.iot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ZScoreTest {

    @Test
    void measuresDistanceFromTheMeanInStandardDeviations() {
        // Population 2,4,4,4,5,5,7,9: mean 5, population standard deviation 2.
        assertThat(ZScore.of(9.0, 5.0, 2.0)).isEqualTo(2.0);
        assertThat(ZScore.of(2.0, 5.0, 2.0)).isEqualTo(-1.5);
        assertThat(ZScore.of(5.0, 5.0, 2.0)).isZero();
        assertThat(ZScore.of(21.375, 20.0, 0.25)).isCloseTo(5.5, within(1e-12));
    }

    @Test
    void isUndefinedWithoutSpreadOrInput() {
        assertThat(ZScore.of(1.0, 1.0, 0.0)).isNull();
        assertThat(ZScore.of(1.0, 1.0, null)).isNull();
        assertThat(ZScore.of(null, 1.0, 1.0)).isNull();
        assertThat(ZScore.of(1.0, 1.0, Double.NaN)).isNull();
    }
}
