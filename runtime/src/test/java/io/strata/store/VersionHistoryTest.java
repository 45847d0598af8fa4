package io.strata.store;

import io.strata.store.ControlStore.StoredVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionHistoryTest {

    @Test
    void keepsTheLastFiveVersionsNewestFirst() {
        String h = "";
        for (int i = 1; i <= 7; i++) {
            h = VersionHistory.append(h, "{\"n\":" + i + "}", 1000 + i);
        }
        assertThat(VersionHistory.decode(h)).extracting(StoredVersion::version).containsExactly(7L, 6L, 5L, 4L, 3L);
        assertThat(VersionHistory.decode(h).get(0)).isEqualTo(new StoredVersion(7, 1007, "{\"n\":7}"));
        assertThat(VersionHistory.latest(h)).contains("{\"n\":7}");
    }

    @Test
    void aRemovalIsATombstoneVersionAndTheRecordCanBeWrittenAgain() {
        String h = VersionHistory.append("", "{\"a\":1}", 1);
        h = VersionHistory.remove(h, 2);
        assertThat(VersionHistory.latest(h)).isEmpty();
        assertThat(VersionHistory.decode(h)).containsExactly(new StoredVersion(2, 2, null), new StoredVersion(1, 1, "{\"a\":1}"));
        assertThat(VersionHistory.remove(h, 3)).isEqualTo(h);

        h = VersionHistory.append(h, "{\"a\":2}", 4);
        assertThat(VersionHistory.latest(h)).contains("{\"a\":2}");
        assertThat(VersionHistory.decode(h).get(0).version()).isEqualTo(3);
    }

    @Test
    void aRecordNeverWrittenHasNoHistoryAndRemovingItChangesNothing() {
        assertThat(VersionHistory.decode("")).isEmpty();
        assertThat(VersionHistory.latest("")).isEmpty();
        assertThat(VersionHistory.remove("", 1)).isEmpty();
    }
}
