package io.strata.agent.process;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writing cgroup control files, with errors a person can read. */
final class CgroupFiles {

    private CgroupFiles() {
    }

    static void write(Path file, String value) throws IOException {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new IOException("cannot write '" + value + "' to " + file + ": " + why(e), e);
        }
    }

    /** Creates {@code dir} if needed and records it in {@code created} (innermost last). */
    static Path mkdir(Path dir, List<Path> created) throws IOException {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IOException("cannot create cgroup " + dir + ": " + why(e), e);
        }
        created.add(dir);
        return dir;
    }

    static void removeQuietly(List<Path> dirs) {
        for (Path dir : dirs) {
            try {
                Files.deleteIfExists(dir);
            } catch (IOException e) {
                // best effort while undoing a failed create; the error being reported is the first one
            }
        }
    }

    /** The reason without Java's exception class names: "Permission denied", "Read-only file system". */
    static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
