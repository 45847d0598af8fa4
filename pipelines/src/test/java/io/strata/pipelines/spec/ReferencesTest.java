package io.strata.pipelines.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferencesTest {

    @Test
    void findListsReferencesInOrderWithRepeats() {
        assertThat(References.find("--bootstrap=${kafka.bootstrap} ${job.group}/${kafka.bootstrap}"))
                .containsExactly("kafka.bootstrap", "job.group", "kafka.bootstrap");
        assertThat(References.find("no references, $ and {} alone")).isEmpty();
        assertThat(References.find("${a} then ${unclosed")).containsExactly("a");
    }

    @Test
    void resolveReplacesEveryReference() {
        assertThat(References.resolve("${a}:${b}/${a}", Map.of("a", "x", "b", "y"))).isEqualTo("x:y/x");
        assertThat(References.resolve("plain", Map.of())).isEqualTo("plain");
        assertThat(References.resolve("${a}", Map.of("a", "${b}"))).isEqualTo("${b}");
    }

    @Test
    void resolveNamesAMissingOrUnclosedReference() {
        assertThatThrownBy(() -> References.resolve("--x ${kafka.bootstrap}", Map.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${kafka.bootstrap}");
        assertThatThrownBy(() -> References.resolve("x ${a", Map.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no closing '}'");
    }
}
