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

    /** What a commit's code is, for the results: everything but the results and the Markdown text. */
    private static final java.util.List<String> CODE = java.util.List.of("--", ".", ":(exclude)bench/results",
            ":(exclude)*.md");

    /**
     * The commit of the code a figure is measured on: the last commit that changed anything but
     * bench/results and Markdown files (so recording results or editing text does not make the
     * figures look as if they came from different code), with "-dirty" when such files have
     * uncommitted changes; "unknown" outside a git work tree.
     */
    static String codeCommit(Path repo) {
        java.util.List<String> log = new java.util.ArrayList<>(java.util.List.of("git", "log", "-1", "--format=%H"));
        log.addAll(CODE);
        String commit = git(repo, log);
        if (commit.isEmpty() || commit.equals("unknown")) {
            return "unknown";
        }
        java.util.List<String> status = new java.util.ArrayList<>(java.util.List.of("git", "status", "--porcelain"));
        status.addAll(CODE);
        String changes = git(repo, status);
        return changes.isEmpty() ? commit : commit + "-dirty";
    }

    /** The commit the figures belong to, or "unknown" outside a git work tree. */
    static String gitHead(Path repo) {
        return git(repo, java.util.List.of("git", "rev-parse", "HEAD"));
    }

    private static String git(Path repo, java.util.List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(repo.toFile())
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
