package io.strata.agent.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxTest {

    @TempDir
    Path dir;

    @Test
    void stderrTailKeepsTheLastFiveNonEmptyLines() throws IOException {
        Files.writeString(dir.resolve("stderr"), "1\n2\n3\n\n4\n5\n6\n7\n");

        assertThat(new Sandbox(dir).stderrTail()).isEqualTo("3 | 4 | 5 | 6 | 7");
    }

    @Test
    void stderrTailIsAtMost500Characters() throws IOException {
        Files.writeString(dir.resolve("stderr"), "x".repeat(10_000) + "\n" + "y".repeat(600) + "\n");

        String tail = new Sandbox(dir).stderrTail();

        assertThat(tail).hasSize(500).startsWith("…y").endsWith("yyy");
    }

    @Test
    void missingStderrHasAnEmptyTailAndMissingExitFileNoCode() {
        Sandbox sandbox = new Sandbox(dir.resolve("never-created"));

        assertThat(sandbox.stderrTail()).isEmpty();
        assertThat(sandbox.recordedExitCode()).isNull();
    }

    @Test
    void recordedExitCodeIsReadFromTheExitFile() throws IOException {
        Files.writeString(dir.resolve(".exit"), "137\n");

        assertThat(new Sandbox(dir).recordedExitCode()).isEqualTo(137);
    }

    @Test
    void pagesNeverEndInsideAMultiByteCharacter() {
        byte[] euro = "a€".getBytes(StandardCharsets.UTF_8);

        assertThat(Sandbox.wholeCharacters(euro, 4)).isEqualTo(4);
        assertThat(Sandbox.wholeCharacters(euro, 3)).isEqualTo(1);
        assertThat(Sandbox.wholeCharacters(euro, 2)).isEqualTo(1);
        assertThat(Sandbox.wholeCharacters(euro, 1)).isEqualTo(1);
    }

    @Test
    void readingALogOfARunningTaskIsNeverEof() throws IOException {
        Files.writeString(dir.resolve("stdout"), "abc");
        Sandbox sandbox = new Sandbox(dir);

        assertThat(sandbox.read("stdout", 0, 10, false)).isEqualTo(new LogChunk("abc", 3, false));
        assertThat(sandbox.read("stdout", 0, 10, true)).isEqualTo(new LogChunk("abc", 3, true));
        assertThat(sandbox.read("stderr", 0, 10, false)).isEqualTo(new LogChunk("", 0, false));
    }
}
