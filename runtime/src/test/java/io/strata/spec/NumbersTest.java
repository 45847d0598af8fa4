package io.strata.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NumbersTest {

    @Test
    void durationsNeedTheirUnit() {
        assertThat(Numbers.duration("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Numbers.duration("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Numbers.duration("10 s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Numbers.duration("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Numbers.duration("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(Numbers.duration("10")).as("seconds or millis? refused").isNull();
        assertThat(Numbers.duration("ten s")).isNull();
        assertThat(Numbers.duration("-1s")).isNull();
        assertThat(Numbers.duration("99999999999999999999h")).isNull();
    }

    @Test
    void sizesInMegabytes() {
        assertThat(Numbers.megabytes("64m")).isEqualTo(64);
        assertThat(Numbers.megabytes("1.5g")).isEqualTo(1536);
        assertThat(Numbers.megabytes("768")).isEqualTo(768);
        assertThat(Numbers.megabytes("64 bananas")).isNull();
    }
}
