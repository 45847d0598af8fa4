package io.strata.samples.iot;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointOffsetsTest {

    @Test
    void theLastBatchIsTheHighestNumberedLogFile() {
        assertThat(CheckpointOffsets.lastBatch(List.of("0", ".0.crc", "9", "10", ".10.crc", ".11.tmp")))
                .hasValue(10);
        assertThat(CheckpointOffsets.lastBatch(List.of(".0.crc"))).isEmpty();
    }

    @Test
    void readsTheSourceLineOfASparkOffsetLogFile() {
        String file = """
                v1
                {"batchWatermarkMs":0,"batchTimestampMs":1795572119378,"conf":{"spark.sql.shuffle.partitions":"4"}}
                {"readings":{"0":21000,"1":35000}}""";

        assertThat(CheckpointOffsets.firstSourceOffsets(file)).containsExactlyInAnyOrderEntriesOf(Map.of(
                new TopicPartition("readings", 0), 21000L, new TopicPartition("readings", 1), 35000L));
    }

    @Test
    void anotherLogFormatGivesNothingRatherThanWrongOffsets() {
        assertThat(CheckpointOffsets.firstSourceOffsets("v2\n{}\n{\"readings\":{\"0\":1}}")).isEmpty();
        assertThat(CheckpointOffsets.firstSourceOffsets("v1\n{}")).isEmpty();
    }
}
