package io.strata.node;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What this machine can give to tasks: its cores, and its memory and disk less a reserve. */
final class MachineResources {

    private static final long MB = 1024 * 1024;

    private MachineResources() {
    }

    static double cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    /** Physical memory less 1 GB or 10%, whichever is larger, for the OS and Strata itself. */
    static long memMb() {
        long total = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getTotalMemorySize() / MB;
        return Math.max(256, total - Math.max(1024, total / 10));
    }

    /** Usable space where the home lies, less 10%, at most 1 TB. */
    static long diskMb(Path home) {
        try {
            Path existing = home.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            long usable = Files.getFileStore(existing == null ? Path.of("/") : existing).getUsableSpace() / MB;
            return Math.min(1024L * 1024, usable - usable / 10);
        } catch (IOException e) {
            return 10 * 1024;
        }
    }
}
