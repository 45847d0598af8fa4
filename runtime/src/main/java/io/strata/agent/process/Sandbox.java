package io.strata.agent.process;

import io.strata.resources.FrameworkId;
import io.strata.resources.TaskId;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A task's directory: its working directory, its {@code stdout} and {@code stderr} files, and the
 * {@code .exit} file where the wrapper records the command's exit status.
 */
final class Sandbox {

    static final String STDOUT = "stdout";
    static final String STDERR = "stderr";
    private static final String EXIT = ".exit";
    private static final int TAIL_BYTES = 4096;
    private static final int TAIL_LINES = 5;
    private static final int TAIL_CHARS = 500;

    private final Path dir;

    Sandbox(Path dir) {
        this.dir = dir;
    }

    static Sandbox of(Path workDir, FrameworkId frameworkId, TaskId taskId) {
        return new Sandbox(workDir.resolve("sandboxes").resolve(FileNames.safe(frameworkId.value()))
                .resolve(FileNames.safe(taskId.value())).toAbsolutePath());
    }

    Path dir() {
        return dir;
    }

    Path log(String stream) {
        if (!STDOUT.equals(stream) && !STDERR.equals(stream)) {
            throw new IllegalArgumentException("unknown log stream '" + stream + "': expected stdout or stderr");
        }
        return dir.resolve(stream);
    }

    Path exitFile() {
        return dir.resolve(EXIT);
    }

    /**
     * Creates the directory and writes the task's files into it; a status left by an earlier run of
     * the same task id is removed.
     */
    void prepare(java.util.Map<String, String> files) throws IOException {
        Files.createDirectories(dir);
        Files.deleteIfExists(exitFile());
        // An earlier run's logs go too: the task may have left links in their place.
        Files.deleteIfExists(dir.resolve(STDOUT));
        Files.deleteIfExists(dir.resolve(STDERR));
        for (var f : files.entrySet()) {
            Path target = dir.resolve(f.getKey()).normalize();
            if (!target.startsWith(dir)) {
                throw new IOException("file " + f.getKey() + " would lie outside the sandbox");
            }
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.getValue(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Creates the empty {@code .exit} file as root before a task of another user starts, so that the
     * task (in a sticky sandbox) cannot put a link of its own there for the wrapper to write through.
     */
    void holdExitFile() throws IOException {
        Files.createFile(exitFile());
    }

    /** The exit status the wrapper wrote, or null if it wrote none (it was killed, or never ran). */
    Integer recordedExitCode() {
        try {
            if (Files.isSymbolicLink(exitFile())) {
                return null;
            }
            return Integer.valueOf(Files.readString(exitFile()).trim());
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The last few lines of stderr (at most 5 lines, 500 chars) joined by " | ", or "". */
    String stderrTail() {
        Path file = dir.resolve(STDERR);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            long from = Math.max(0, size - TAIL_BYTES);
            byte[] bytes = readAt(ch, from, (int) (size - from));
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\n")));
            if (from > 0 && !lines.isEmpty()) {
                lines.remove(0);
            }
            lines.removeIf(String::isBlank);
            List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
            String joined = String.join(" | ", last.stream().map(String::strip).toList());
            return joined.length() <= TAIL_CHARS ? joined : "…" + joined.substring(joined.length() - TAIL_CHARS + 1);
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Reads at most {@code maxBytes} of a log from {@code offset}, never splitting a UTF-8
     * character. {@code ended} says whether the task can still write.
     */
    LogChunk read(String stream, long offset, int maxBytes, boolean ended) throws IOException {
        if (offset < 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("offset must be >= 0 and maxBytes > 0, got offset=" + offset
                    + " maxBytes=" + maxBytes);
        }
        Path file = log(stream);
        // Never through a link: the agent reads as root, and a task could link its log to any file.
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            long size = ch.size();
            if (offset >= size) {
                return new LogChunk("", offset, ended);
            }
            byte[] bytes = readAt(ch, offset, (int) Math.min(maxBytes, size - offset));
            int length = wholeCharacters(bytes, bytes.length);
            long next = offset + length;
            return new LogChunk(new String(bytes, 0, length, StandardCharsets.UTF_8), next, ended && next >= size);
        } catch (NoSuchFileException e) {
            return new LogChunk("", offset, ended);
        }
    }

    /** Up to {@code length} bytes from {@code position}; fewer if the file is shorter. */
    private static byte[] readAt(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        int n;
        do {
            n = ch.read(buf, position + buf.position());
        } while (n > 0 && buf.hasRemaining());
        return buf.position() == length ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
    }

    /** The length of the longest prefix that does not end inside a multi-byte UTF-8 sequence. */
    static int wholeCharacters(byte[] bytes, int length) {
        for (int i = length - 1; i >= Math.max(0, length - 4); i--) {
            int b = bytes[i] & 0xff;
            if ((b & 0xc0) == 0x80) {
                continue;
            }
            int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
            return i + needed > length && i > 0 ? i : length;
        }
        return length;
    }
}
