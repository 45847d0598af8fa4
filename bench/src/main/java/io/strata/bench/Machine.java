package io.strata.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Where and on what code the figures were measured: the "machine" and "git" fields of the results. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        long memBytes = ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
        return String.format(Locale.ROOT, "%d cores, %.1f GiB memory, %s, Java %s (%s)",
                Runtime.getRuntime().availableProcessors(), memBytes / (1024.0 * 1024 * 1024), cpuModel(),
                System.getProperty("java.version"), System.getProperty("java.vm.name"));
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            // not Linux: fall through to the JVM's architecture name
        }
        return System.getProperty("os.arch");
    }

    /** The commit the figures belong to, or "unknown" outside a git work tree. */
    static String gitHead(Path repo) {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(repo.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
