package io.strata.resources;

import java.util.Locale;
import java.util.Objects;

/**
 * A bundle of schedulable resources. CPUs are kept as integer milli-cpus so that adding and
 * subtracting fractions never drifts; memory and disk are whole mebibytes.
 */
public record Resources(long milliCpus, long memMb, long diskMb, PortRanges ports) {

    public static final Resources EMPTY = new Resources(0, 0, 0, PortRanges.EMPTY);

    public Resources {
        Objects.requireNonNull(ports, "ports");
        if (milliCpus < 0 || memMb < 0 || diskMb < 0) {
            throw new IllegalArgumentException("resources cannot be negative: cpus=" + milliCpus / 1000.0
                    + " memMb=" + memMb + " diskMb=" + diskMb);
        }
    }

    public static Resources of(double cpus, long memMb) {
        return new Resources(milliCpus(cpus), memMb, 0, PortRanges.EMPTY);
    }

    public static Resources of(double cpus, long memMb, long diskMb) {
        return new Resources(milliCpus(cpus), memMb, diskMb, PortRanges.EMPTY);
    }

    public static Resources of(double cpus, long memMb, long diskMb, PortRanges ports) {
        return new Resources(milliCpus(cpus), memMb, diskMb, ports);
    }

    /** Converts a cpu count such as 0.25 to milli-cpus, rounding to the nearest milli-cpu. */
    public static long milliCpus(double cpus) {
        if (Double.isNaN(cpus) || Double.isInfinite(cpus) || cpus < 0) {
            throw new IllegalArgumentException("cpus must be a finite number >= 0, got " + cpus);
        }
        return Math.round(cpus * 1000.0);
    }

    public double cpus() {
        return milliCpus / 1000.0;
    }

    public Resources withPorts(PortRanges newPorts) {
        return new Resources(milliCpus, memMb, diskMb, newPorts);
    }

    public Resources plus(Resources other) {
        return new Resources(milliCpus + other.milliCpus, memMb + other.memMb, diskMb + other.diskMb,
                ports.plus(other.ports));
    }

    /** Subtracts {@code other}, which must be contained in this bundle. */
    public Resources minus(Resources other) {
        if (!contains(other)) {
            throw new IllegalArgumentException("cannot subtract " + other + " from " + this);
        }
        return new Resources(milliCpus - other.milliCpus, memMb - other.memMb, diskMb - other.diskMb,
                ports.minus(other.ports));
    }

    /** True when every scalar and every port of {@code other} fits in this bundle. */
    public boolean contains(Resources other) {
        return milliCpus >= other.milliCpus && memMb >= other.memMb && diskMb >= other.diskMb
                && ports.containsAll(other.ports);
    }

    /** True when the scalars (not the ports) of {@code other} fit in this bundle. */
    public boolean containsScalars(Resources other) {
        return milliCpus >= other.milliCpus && memMb >= other.memMb && diskMb >= other.diskMb;
    }

    public boolean isEmpty() {
        return milliCpus == 0 && memMb == 0 && diskMb == 0 && ports.isEmpty();
    }

    /**
     * What of {@code wanted} this bundle lacks, as a readable phrase ("0.25 cpus, 64 MB mem"),
     * or an empty string when it fits.
     */
    public String shortfall(Resources wanted) {
        StringBuilder sb = new StringBuilder();
        if (wanted.milliCpus > milliCpus) {
            append(sb, formatCpus(wanted.milliCpus - milliCpus) + " cpus");
        }
        if (wanted.memMb > memMb) {
            append(sb, (wanted.memMb - memMb) + " MB mem");
        }
        if (wanted.diskMb > diskMb) {
            append(sb, (wanted.diskMb - diskMb) + " MB disk");
        }
        if (wanted.ports.count() > ports.count()) {
            append(sb, (wanted.ports.count() - ports.count()) + " ports");
        }
        return sb.toString();
    }

    private static void append(StringBuilder sb, String part) {
        if (sb.length() > 0) {
            sb.append(", ");
        }
        sb.append(part);
    }

    /** The scalars in the words of reasons and events: "2 cpus, 512 MB mem" (and ", 100 MB disk" when there is disk). */
    public String inWords() {
        String s = formatCpus(milliCpus()) + " cpus, " + memMb() + " MB mem";
        return diskMb() > 0 ? s + ", " + diskMb() + " MB disk" : s;
    }

    public static String formatCpus(long milliCpus) {
        if (milliCpus % 1000 == 0) {
            return Long.toString(milliCpus / 1000);
        }
        return String.format(Locale.ROOT, "%.3f", milliCpus / 1000.0).replaceAll("0+$", "");
    }

    @Override
    public String toString() {
        String s = "cpus=" + formatCpus(milliCpus) + " mem=" + memMb + "MB disk=" + diskMb + "MB";
        return ports.isEmpty() ? s : s + " ports=" + ports;
    }
}
