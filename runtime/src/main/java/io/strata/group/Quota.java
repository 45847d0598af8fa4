package io.strata.group;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.strata.resources.Resources;

import java.util.Locale;

/**
 * A group's guarantee or limit per resource; a null field is "none" (no guarantee, no limit in that resource).
 * People write it as {@code cpus=2,mem=4g,disk=10g} (mem and disk in MB unless they end in m, g or t).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Quota(Double cpus, Long memMb, Long diskMb) {

    public static final Quota NONE = new Quota(null, null, null);

    /** In the allocator's quotas (GroupQuota), 0 for a resource means no limit on it. */
    static final long UNBOUNDED = 0;

    public Quota {
        if (cpus != null && !(cpus >= 0 && cpus < 1e9)) {
            throw new IllegalArgumentException("cpus must be a number of at least 0, got " + cpus);
        }
        if (memMb != null && memMb < 0) {
            throw new IllegalArgumentException("memMb must not be negative, got " + memMb);
        }
        if (diskMb != null && diskMb < 0) {
            throw new IllegalArgumentException("diskMb must not be negative, got " + diskMb);
        }
    }

    /** For Jackson's CUSTOM inclusion: a quota of none is left out of a record ("absent = none"). */
    public static final class LeftOutWhenNone {
        @Override
        public boolean equals(Object value) {
            return value == null || value instanceof Quota q && q.isNone();
        }

        @Override
        public int hashCode() {
            return 0;
        }
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isNone() {
        return cpus == null && memMb == null && diskMb == null;
    }

    /** Parses {@code cpus=2,mem=4g,disk=10g}; {@code what} names the flag or field in errors. */
    public static Quota parse(String text, String what) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("none")) {
            return NONE;
        }
        Double cpus = null;
        Long mem = null;
        Long disk = null;
        for (String part : text.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2 || kv[1].isBlank()) {
                throw new IllegalArgumentException(what + " must look like cpus=2,mem=4g,disk=10g, got '" + text + "'");
            }
            String key = kv[0].trim().toLowerCase(Locale.ROOT);
            String value = kv[1].trim();
            switch (key) {
                case "cpus" -> cpus = cpus(value, what);
                case "mem", "memmb" -> mem = megabytes(value, what + " mem");
                case "disk", "diskmb" -> disk = megabytes(value, what + " disk");
                default -> throw new IllegalArgumentException(what + " names unknown resource '" + kv[0].trim()
                        + "'; valid: cpus, mem, disk");
            }
        }
        return new Quota(cpus, mem, disk);
    }

    private static double cpus(String value, String what) {
        try {
            double d = Double.parseDouble(value);
            if (d >= 0 && d < 1e9) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new IllegalArgumentException(what + " cpus must be a number of at least 0 such as 2 or 0.5, got '" + value + "'");
    }

    /** "512", "512m", "4g", "1t" → MB. */
    static long megabytes(String value, String what) {
        String v = value.toLowerCase(Locale.ROOT);
        long factor = 1;
        if (v.endsWith("mb") || v.endsWith("m")) {
            v = v.substring(0, v.length() - (v.endsWith("mb") ? 2 : 1));
        } else if (v.endsWith("gb") || v.endsWith("g")) {
            v = v.substring(0, v.length() - (v.endsWith("gb") ? 2 : 1));
            factor = 1024;
        } else if (v.endsWith("tb") || v.endsWith("t")) {
            v = v.substring(0, v.length() - (v.endsWith("tb") ? 2 : 1));
            factor = 1024 * 1024;
        }
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0 && n < 1L << 40) {
                return n * factor;
            }
        } catch (NumberFormatException ignored) {
            // said below
        }
        throw new IllegalArgumentException(what + " must be a size such as 512m, 4g or 1t (a bare number is MB), got '"
                + value + "'");
    }

    /** This quota as the allocator's guarantee: a resource not named is guaranteed none; null when nothing is named. */
    public Resources asGuarantee() {
        return isNone() ? null : new Resources(cpus == null ? 0 : Resources.milliCpus(cpus),
                memMb == null ? 0 : memMb, diskMb == null ? 0 : diskMb, io.strata.resources.PortRanges.EMPTY);
    }

    /** This quota as the allocator's limit: a resource not named is unbounded (0); null when nothing is named. */
    public Resources asLimit() {
        return isNone() ? null : new Resources(cpus == null ? UNBOUNDED : Resources.milliCpus(cpus),
                memMb == null ? UNBOUNDED : memMb, diskMb == null ? UNBOUNDED : diskMb, io.strata.resources.PortRanges.EMPTY);
    }

    /** "cpus=6,mem=8192MB" or "none". */
    public String describe() {
        if (isNone()) {
            return "none";
        }
        StringBuilder s = new StringBuilder();
        if (cpus != null) {
            s.append("cpus=").append(Resources.formatCpus(Resources.milliCpus(cpus)));
        }
        if (memMb != null) {
            s.append(s.isEmpty() ? "" : ",").append("mem=").append(memMb).append("MB");
        }
        if (diskMb != null) {
            s.append(s.isEmpty() ? "" : ",").append("disk=").append(diskMb).append("MB");
        }
        return s.toString();
    }
}
