package io.strata.spark.plugin;

import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * The cpu burst a Spark JVM that Strata launches starts with, read from the Spark settings
 * {@code PREFIX.burstCpus} and {@code PREFIX.burstSeconds}: a JVM loads classes and compiles in
 * its first minute, which under a small cpu quota takes several. A burst raises only its cgroup's
 * quota for a while; the allocator still counts the JVM's own cpus, so the burst borrows cpu the
 * agent's other tasks leave idle and no quota counts it: it is bounded.
 *
 * <p>Pure and JDK only, so both sides share it: the Strata framework reads the drivers' from a
 * submission, the plug-in (inside the driver) reads the executors' from its SparkConf.
 *
 * @param prefix         the settings' prefix, e.g. {@code spark.strata.executor}
 * @param defaultCpus    the burst's cpus by the JVM's own when the setting is not given
 * @param defaultSeconds the burst's length when the setting is not given
 */
public record StartBurst(String prefix, DoubleUnaryOperator defaultCpus, long defaultSeconds) {

    public static final double MAX_CPUS = 4;
    public static final long MAX_SECONDS = 600;

    /** A cluster-mode driver: a whole cpu for 90 s when it has less. */
    public static final StartBurst DRIVER = new StartBurst("spark.strata.driver", own -> 1.0, 90);
    /** An executor: one cpu more than its own (at most 4) for 60 s; its cold JVM runs the first (micro-)batch. */
    public static final StartBurst EXECUTOR = new StartBurst("spark.strata.executor",
            own -> Math.min(MAX_CPUS, own + 1), 60);

    /**
     * A burst: the quota is {@code milliCpus} (1000 = one cpu) for the first {@code seconds}.
     */
    public record Burst(long milliCpus, long seconds) {
    }

    public String cpusKey() {
        return prefix + ".burstCpus";
    }

    public String secondsKey() {
        return prefix + ".burstSeconds";
    }

    /** Cpus as milli-cpus, rounded as Strata's resources round them. */
    public static long milliCpus(double cpus) {
        return Math.round(cpus * 1000.0);
    }

    /**
     * The burst of a JVM of {@code ownCpus}, or null when there is none: its cpus are 0 or not
     * above the JVM's own.
     *
     * @param setting a Spark setting's value by its key, null when it is not set
     * @throws IllegalArgumentException naming the setting when a value is not a number in range
     */
    public Burst of(Function<String, String> setting, double ownCpus) {
        double cpus = cpus(setting.apply(cpusKey()), ownCpus);
        long seconds = seconds(setting.apply(secondsKey()));
        long milli = milliCpus(cpus);
        return milli > milliCpus(ownCpus) ? new Burst(milli, seconds) : null;
    }

    private double cpus(String raw, double ownCpus) {
        if (raw == null || raw.isBlank()) {
            return defaultCpus.applyAsDouble(ownCpus);
        }
        try {
            double v = Double.parseDouble(raw.trim());
            if (v >= 0 && v <= MAX_CPUS) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(cpusKey() + "='" + raw + "' must be a number of cpus from 0 to 4 (0 turns the "
                + "burst off), e.g. 1.0");
    }

    private long seconds(String raw) {
        if (raw == null || raw.isBlank()) {
            return defaultSeconds;
        }
        try {
            long v = Long.parseLong(raw.trim());
            if (v > 0 && v <= MAX_SECONDS) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(secondsKey() + "='" + raw + "' must be a whole number of seconds from 1 to 600, "
                + "e.g. " + defaultSeconds);
    }
}
