package io.strata.pipelines.sources;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SensorReadingsTest {

    private static List<Reading> take(SensorReadings readings, int n) {
        List<Reading> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(readings.next());
        }
        return out;
    }

    @Test
    void sameSeedGivesTheSameReadingsAndAnotherSeedDoesNot() {
        List<Reading> a = take(new SensorReadings(20, 42), 50_000);
        List<Reading> b = take(new SensorReadings(20, 42), 50_000);
        List<Reading> c = take(new SensorReadings(20, 43), 50_000);

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void eventIBelongsToSensorIModNAtOneSecondPerRound() {
        SensorReadings readings = new SensorReadings(3, 7);
        long start = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

        List<Reading> first = take(readings, 7);

        assertThat(first).extracting(Reading::index).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(first).extracting(Reading::sensorId).containsExactly(
                "sensor-0000", "sensor-0001", "sensor-0002", "sensor-0000", "sensor-0001", "sensor-0002", "sensor-0000");
        assertThat(first).extracting(Reading::ts).containsExactly(
                start, start, start, start + 1000, start + 1000, start + 1000, start + 2000);
        assertThat(readings.position()).isEqualTo(7);
        assertThat(SensorReadings.timestamp(2_000_000_000_123L, 1000)).isEqualTo(start + 2_000_000_000L * 1000);
    }

    @Test
    void readingsArePlausibleTemperaturesWithRareOutliers() {
        int sensors = 10;
        long events = sensors * 172_800L;
        // Two simulated days per sensor: the daily cycle and the drift play out in full.
        SensorReadings readings = new SensorReadings(sensors, 1);
        double[] sums = new double[sensors];
        double lowest = Double.MAX_VALUE;
        double highest = -Double.MAX_VALUE;
        long outliers = 0;
        long unrounded = 0;
        for (long i = 0; i < events; i++) {
            Reading r = readings.next();
            double v = r.value();
            lowest = Math.min(lowest, v);
            highest = Math.max(highest, v);
            outliers += v < 8 || v > 40 ? 1 : 0;
            unrounded += Math.round(v * 1000) / 1000.0 == v ? 0 : 1;
            sums[(int) (i % sensors)] += v;
        }
        assertThat(lowest).isGreaterThan(-20.0);
        assertThat(highest).isLessThan(70.0);
        assertThat(unrounded).isZero();
        assertThat((double) outliers / events).isLessThan(0.01);
        for (double sum : sums) {
            assertThat(sum / (events / sensors)).isBetween(14.0, 31.0);
        }
    }

    @Test
    void someWholeMinutesAreFaulty() {
        int sensors = 20;
        // Per sensor and minute: the mean of its 60 readings; a faulty minute stands out from its neighbours.
        SensorReadings readings = new SensorReadings(sensors, 3);
        int minutes = 120;
        double[][] means = new double[sensors][minutes];
        for (long i = 0; i < (long) sensors * 60 * minutes; i++) {
            Reading r = readings.next();
            int sensor = Integer.parseInt(r.sensorId().substring("sensor-".length()));
            int minute = (int) ((r.ts() - SensorReadings.START) / 60_000);
            means[sensor][minute] += r.value() / 60;
        }
        int faulty = 0;
        for (double[] m : means) {
            for (int t = 1; t < minutes - 1; t++) {
                if (Math.abs(m[t] - (m[t - 1] + m[t + 1]) / 2) > 4) {
                    faulty++;
                }
            }
        }
        // 20 x 118 minutes at 1%: about 24 expected.
        assertThat(faulty).isBetween(5, 60);
    }

    @Test
    void valueJsonIsTheSharedRecordFormat() {
        Reading r = new Reading(7, "sensor-0007", 1767225600000L, 21.375);

        assertThat(r.json()).isEqualTo("{\"sensor_id\":\"sensor-0007\",\"ts\":1767225600000,\"value\":21.375}");
        assertThat(new Reading(0, "sensor-0000", 0, 0.001).json()).endsWith("\"value\":0.001}");
        assertThat(new Reading(0, "sensor-0000", 0, -12.5).json()).endsWith("\"value\":-12.5}");
    }

    @Test
    void dailyCycleWarmsTheAfternoon() {
        int sensors = 5;
        SensorReadings readings = new SensorReadings(sensors, 11);
        double night = 0;
        double afternoon = 0;
        for (long i = 0; i < sensors * 86_400L; i++) {
            Reading r = readings.next();
            long hour = (r.ts() - SensorReadings.START) / 3_600_000;
            if (hour == 3) {
                night += r.value();
            } else if (hour == 15) {
                afternoon += r.value();
            }
        }
        assertThat((afternoon - night) / (sensors * 3600.0)).isCloseTo(5.5, within(3.0));
    }
}
