package io.strata.spark.cli;

import io.strata.cli.spi.Checks;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/** Spark's option syntax on the command line: sizes such as 512m or 2g, and executor counts. */
final class SparkSizes {

    private SparkSizes() {
    }

    static long megabytes(CommandSpec spec, String flag, String size) {
        String v = size.trim().toLowerCase(Locale.ROOT);
        String digits = v.replaceAll("[a-z]+$", "");
        String unit = v.substring(digits.length());
        long factor = switch (unit) {
            case "m", "mb" -> 1;
            case "g", "gb" -> 1024;
            default -> -1;
        };
        if (factor < 0 || !digits.matches("[0-9]+") || Long.parseLong(digits) == 0) {
            throw Checks.usage(spec, flag + " must be a size such as 512m or 2g, got '" + size + "'");
        }
        return Long.parseLong(digits) * factor;
    }

    /** N: that many executors; MIN:MAX: dynamic allocation between the two. */
    static void executors(CommandSpec spec, String value, Map<String, String> conf) {
        if (value == null) {
            return;
        }
        String[] parts = value.split(":", -1);
        try {
            if (parts.length == 1) {
                int n = Integer.parseInt(parts[0]);
                if (n < 1) {
                    throw new NumberFormatException();
                }
                conf.put("spark.executor.instances", Integer.toString(n));
                return;
            }
            int min = Integer.parseInt(parts[0]);
            int max = Integer.parseInt(parts[1]);
            if (parts.length != 2 || min < 0 || max < 1 || min > max) {
                throw new NumberFormatException();
            }
            conf.put("spark.dynamicAllocation.enabled", "true");
            conf.put("spark.dynamicAllocation.minExecutors", Integer.toString(min));
            conf.put("spark.dynamicAllocation.initialExecutors", Integer.toString(min));
            conf.put("spark.dynamicAllocation.maxExecutors", Integer.toString(max));
            conf.putIfAbsent("spark.dynamicAllocation.shuffleTracking.enabled", "true");
        } catch (NumberFormatException e) {
            throw Checks.usage(spec, "--executors must be N (at least 1) or MIN:MAX with MIN <= MAX, e.g. 1:4, got '"
                    + value + "'");
        }
    }
}
