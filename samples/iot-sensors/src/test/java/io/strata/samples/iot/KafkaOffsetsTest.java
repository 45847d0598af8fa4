package io.strata.samples.iot;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaOffsetsTest {

    @Test
    void readsTheKafkaSourcesOffsetJson() {
        assertThat(KafkaOffsets.parse("{\"readings\":{\"1\":456,\"0\":123}}"))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        new TopicPartition("readings", 0), 123L,
                        new TopicPartition("readings", 1), 456L));
    }

    @Test
    void ignoresWhatIsNotAnOffsetMap() {
        assertThat(KafkaOffsets.parse(null)).isEmpty();
        assertThat(KafkaOffsets.parse("")).isEmpty();
        assertThat(KafkaOffsets.parse("not json")).isEmpty();
        assertThat(KafkaOffsets.parse("{\"t\":{\"x\":1,\"0\":\"y\"}}")).isEmpty();
    }

    @Test
    void writesTheSameShapeItReads() {
        Map<TopicPartition, Long> offsets = Map.of(new TopicPartition("t", 0), 5L, new TopicPartition("t", 10), 7L);

        assertThat(KafkaOffsets.json(offsets)).isEqualTo("{\"t\":{\"0\":5,\"10\":7}}");
        assertThat(KafkaOffsets.parse(KafkaOffsets.json(offsets))).containsExactlyInAnyOrderEntriesOf(offsets);
        assertThat(KafkaOffsets.sum(offsets)).isEqualTo(12);
    }

    @Test
    void offsetsAreAheadWhenAnyPartitionMovedOnOrIsNew() {
        TopicPartition p0 = new TopicPartition("t", 0);
        TopicPartition p1 = new TopicPartition("t", 1);

        assertThat(KafkaOffsets.isAhead(Map.of(p0, 5L, p1, 3L), Map.of())).isTrue();
        assertThat(KafkaOffsets.isAhead(Map.of(p0, 5L, p1, 4L), Map.of(p0, 5L, p1, 3L))).isTrue();
        assertThat(KafkaOffsets.isAhead(Map.of(p0, 5L, p1, 3L), Map.of(p0, 5L, p1, 3L))).isFalse();
        assertThat(KafkaOffsets.isAhead(Map.of(p0, 4L, p1, 3L), Map.of(p0, 5L, p1, 3L))).isFalse();
        assertThat(KafkaOffsets.isAhead(Map.of(), Map.of(p0, 5L))).isFalse();
    }
}
