package io.strata.spark;

import io.strata.resources.CpuBurst;

import java.util.Map;

/**
 * The cpu burst a cluster-mode driver starts with: a driver JVM compiles and plans its whole job
 * in its first minute, and under a small quota (0.5 cpu) that minute becomes several. The burst
 * raises only its cgroup's quota for a while; the allocator still counts the driver's own cpus.
 * Pure: read from the submission's Spark settings.
 */
final class DriverBurst {

    static final String CPUS = "spark.strata.driver.burstCpus";
    static final String SECONDS = "spark.strata.driver.burstSeconds";
    static final double DEFAULT_CPUS = 1.0;
    static final long DEFAULT_SECONDS = 90;
    /** The most a driver may ask for: a burst borrows cpu its group's quota does not count, so it is bounded. */
    static final double MAX_CPUS = 4;
    static final long MAX_SECONDS = 600;

    private DriverBurst() {
    }

    /**
     * The burst for a driver of {@code driverCpus}, or null when there is none: the burst's cpus
     * are 0 or not above the driver's own.
     *
     * @throws IllegalArgumentException naming the setting when a value is not a number in range
     */
    static CpuBurst of(Map<String, String> conf, double driverCpus) {
        double cpus = number(conf, CPUS, DEFAULT_CPUS);
        long seconds = wholeSeconds(conf);
        if (!(cpus > driverCpus)) {
            return null;
        }
        return CpuBurst.of(cpus, seconds);
    }

    private static double number(Map<String, String> conf, String key, double fallback) {
        String raw = conf.get(key);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            double v = Double.parseDouble(raw.trim());
            if (v >= 0 && v <= MAX_CPUS) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(key + "='" + raw + "' must be a number of cpus from 0 to 4 (0 turns the burst "
                + "off), e.g. 1.0");
    }

    private static long wholeSeconds(Map<String, String> conf) {
        String raw = conf.get(SECONDS);
        if (raw == null || raw.isBlank()) {
            return DEFAULT_SECONDS;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v > 0 && v <= MAX_SECONDS) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(SECONDS + "='" + raw + "' must be a whole number of seconds from 1 to 600, "
                + "e.g. 90");
    }
}
