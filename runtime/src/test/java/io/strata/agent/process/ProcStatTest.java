package io.strata.agent.process;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcStatTest {

    @Test
    void parsesAStatLineWhoseCommandHasSpacesAndParentheses() {
        String line = "4711 (my (odd) cmd) S 1 4700 4700 0 -1 4194560 99 0 0 0 0 0 0 0 20 0 1 0 64275 3133440 411";

        assertThat(ProcStat.parse(4711, line)).isEqualTo(new ProcStat(4711, 'S', 1, 4700, 4700, 64275));
    }

    @Test
    void readsThisProcessAndSeesItRunning() {
        long self = ProcessHandle.current().pid();
        ProcStat stat = ProcStat.read(self).orElseThrow();

        assertThat(stat.isZombie()).isFalse();
        assertThat(ProcStat.isRunning(self, stat.startTicks())).isTrue();
        assertThat(ProcStat.isRunning(self, stat.startTicks() + 1)).isFalse();
        assertThat(ProcStat.all()).extracting(ProcStat::pid).contains(self);
    }
}
