package io.strata.kafka;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaConfigTest {

    @Test
    void clusterIdsAreKafkaShapedAndNeverLookLikeAnOption() {
        Set<String> ids = new HashSet<>();
        // One random id in 64 starts with '-'; 5,000 draws would meet ~78 of them.
        for (int i = 0; i < 5_000; i++) {
            String id = KafkaConfig.newClusterId();
            assertThat(id).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
            ids.add(id);
        }
        assertThat(ids).hasSize(5_000);
    }
}
