package io.strata.dashboard;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    @Test
    void aTailFromTheEndStartsWithTheLastWholeLines() {
        assertThat(LogTail.lastLines("a\nb\n")).isEqualTo("a\nb\n");
        String log = "x".repeat(LogTail.CONTEXT) + "\nlast line\n";
        assertThat(LogTail.lastLines(log)).isEqualTo("last line\n");
        String oneLongLine = "y".repeat(LogTail.CONTEXT * 2);
        assertThat(LogTail.lastLines(oneLongLine)).hasSize(LogTail.CONTEXT);
    }
}
