package io.strata.samples.iot;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class MinutesTest {

    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    @Test
    void floorsToTheStartOfTheMinute() {
        assertThat(Minutes.floor(START)).isEqualTo(START);
        assertThat(Minutes.floor(START + 59_999)).isEqualTo(START);
        assertThat(Minutes.floor(START + 60_000)).isEqualTo(START + 60_000);
        assertThat(Minutes.floor(Instant.parse("2026-01-01T13:47:12.345Z").toEpochMilli()))
                .isEqualTo(Instant.parse("2026-01-01T13:47:00Z").toEpochMilli());
    }

    @Test
    void floorsTimesBefore1970Downwards() {
        assertThat(Minutes.floor(-1)).isEqualTo(-60_000);
        assertThat(Minutes.floor(-60_000)).isEqualTo(-60_000);
    }
}
