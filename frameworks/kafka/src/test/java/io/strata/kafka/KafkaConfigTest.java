package io.strata.kafka;

import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaConfigTest {

    @Test
    void newServicesGetKafkaShapedClusterIdsThatNeverLookLikeAnOption() {
        Set<String> ids = new HashSet<>();
        // One random 16-byte id in 64 starts with '-' in base64; 5,000 draws would meet ~78 of them.
        for (int i = 0; i < 5_000; i++) {
            String id = KafkaConfig.create(Map.of()).clusterId();
            assertThat(id).hasSize(22).matches("[A-Za-z0-9_][A-Za-z0-9_-]{21}");
            assertThat(Uuid.fromString(id).toString()).isEqualTo(id);
            ids.add(id);
        }
        assertThat(ids).hasSize(5_000);
    }

    @Test
    void aServiceKeepsItsClusterIdAcrossItsRecord() {
        KafkaConfig created = KafkaConfig.create(Map.of("brokers", "5"));
        KafkaConfig reread = KafkaConfig.parse(created.toMap());
        assertThat(reread).isEqualTo(created);
        assertThat(reread.dedicatedControllers()).isTrue();
    }
}
