package io.strata.pipelines.sources;

import java.time.Instant;
import java.util.Random;

/**
 * The simulated readings of N temperature sensors, the same sequence for the same seed.
 *
 * <p>Event i belongs to sensor {@code i % N} at {@code START + (i / N) * 1 s}: every sensor reads
 * once per simulated second, so each sensor has 60 readings per event-time minute. A reading is
 * the sensor's baseline (15-30 °C) plus a daily sine cycle, a slow mean-reverting random-walk
 * drift and Gaussian noise; rarely a whole minute is faulty (shifted by 6-12 °C, the anomalies an
 * experiment should find in per-minute means) and very rarely a single reading spikes by 10-20 °C.
 *
 * <p>Sequential and not thread-safe: the drift is a walk, so readings come in index order.
 */
public final class SensorReadings {

    public static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    public static final long INTERVAL_MS = 1_000;

    static final double FAULTY_MINUTE_PROBABILITY = 0.01;
    static final double SPIKE_PROBABILITY = 0.0005;
    private static final long DAY_MS = 86_400_000L;
    private static final double DRIFT_STEP = 0.01;
    private static final double DRIFT_REVERSION = 1e-4;
    private static final double NOISE = 0.15;

    private final int sensors;
    private final Sensor[] state;
    private final String[] ids;
    private long next;

    public SensorReadings(int sensors, long seed) {
        if (sensors < 1) {
            throw new IllegalArgumentException("sensors must be at least 1");
        }
        this.sensors = sensors;
        this.state = new Sensor[sensors];
        this.ids = new String[sensors];
        for (int s = 0; s < sensors; s++) {
            state[s] = new Sensor(new Random(seed * 1_000_003L + s));
            ids[s] = sensorId(s);
        }
    }

    public static String sensorId(int sensor) {
        return String.format("sensor-%04d", sensor);
    }

    /** The event time of event {@code index}. */
    public static long timestamp(long index, int sensors) {
        return START + (index / sensors) * INTERVAL_MS;
    }

    /** The index the next call to {@link #next()} returns. */
    public long position() {
        return next;
    }

    public Reading next() {
        long index = next++;
        int sensor = (int) (index % sensors);
        long round = index / sensors;
        long ts = timestamp(index, sensors);
        double value = state[sensor].read(round, ts);
        return new Reading(index, ids[sensor], ts, Math.round(value * 1000) / 1000.0);
    }

    private static final class Sensor {
        private final Random random;
        private final double baseline;
        private final double amplitude;
        private final double phase;
        private double drift;
        private double faultOffset;

        Sensor(Random random) {
            this.random = random;
            this.baseline = 15 + 15 * random.nextDouble();
            this.amplitude = 1.5 + 2.5 * random.nextDouble();
            // Warmest around 15:00 UTC, give or take an hour per sensor.
            this.phase = 2 * Math.PI * (9.0 + 2 * random.nextDouble() - 1) / 24;
        }

        double read(long round, long ts) {
            if (round % 60 == 0) {
                faultOffset = random.nextDouble() < FAULTY_MINUTE_PROBABILITY
                        ? (random.nextBoolean() ? 1 : -1) * (6 + 6 * random.nextDouble())
                        : 0;
            }
            drift = drift * (1 - DRIFT_REVERSION) + DRIFT_STEP * random.nextGaussian();
            double dayFraction = (double) Math.floorMod(ts, DAY_MS) / DAY_MS;
            double daily = amplitude * Math.sin(2 * Math.PI * dayFraction - phase);
            double spike = random.nextDouble() < SPIKE_PROBABILITY
                    ? (random.nextBoolean() ? 1 : -1) * (10 + 10 * random.nextDouble())
                    : 0;
            return baseline + daily + drift + NOISE * random.nextGaussian() + faultOffset + spike;
        }
    }
}
