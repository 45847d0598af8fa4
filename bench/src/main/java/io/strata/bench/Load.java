package io.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The machine's 1-minute load average from {@code /proc/loadavg}: recorded with each run, because
 * on a shared 2-core machine a figure means little without the load it was measured under.
 */
public final class Load {

    private Load() {
    }

    /** The 1-minute load average now, or NaN where /proc/loadavg cannot be read. */
    public static double now() {
        try {
            String line = Files.readString(Path.of("/proc/loadavg")).trim();
            return Double.parseDouble(line.substring(0, line.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
