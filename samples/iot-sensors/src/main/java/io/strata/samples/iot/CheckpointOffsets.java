package io.strata.samples.iot;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The Kafka offsets a streaming query's checkpoint records as done: the end offsets of its last
 * committed batch ({@code offsets/N} for the highest {@code commits/N}). Spark reports no progress
 * for a batch it replays at restart (SPARK-55271) nor when the driver dies between a batch's commit
 * and the listener, so a (re)starting job commits these to the consumer group itself. The files are
 * Spark's "v1" log format: a version line, a metadata line, then one offset line per source.
 */
final class CheckpointOffsets {

    private CheckpointOffsets() {
    }

    /** The last committed batch and its end offsets; empty for a new checkpoint or one in another format. */
    static Committed read(SparkSession spark, String checkpoint) throws IOException {
        Path root = new Path(checkpoint);
        FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
        Path commits = new Path(root, "commits");
        if (!fs.exists(commits)) {
            return Committed.NONE;
        }
        OptionalLong batch = lastBatch(Arrays.stream(fs.listStatus(commits)).map(FileStatus::getPath).map(Path::getName).toList());
        if (batch.isEmpty()) {
            return Committed.NONE;
        }
        try (InputStream in = fs.open(new Path(new Path(root, "offsets"), Long.toString(batch.getAsLong())))) {
            return new Committed(batch.getAsLong(), firstSourceOffsets(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    /** The highest batch id among a log directory's file names (Spark also keeps .crc and temp files there). */
    static OptionalLong lastBatch(List<String> fileNames) {
        return fileNames.stream().filter(n -> n.matches("\\d{1,18}")).mapToLong(Long::parseLong).max();
    }

    /** The first source's offsets of an offset log file, or empty when the file is not in the v1 format. */
    static Map<TopicPartition, Long> firstSourceOffsets(String offsetLogFile) {
        List<String> lines = offsetLogFile.lines().toList();
        if (lines.size() < 3 || !lines.get(0).equals("v1")) {
            return Map.of();
        }
        return KafkaOffsets.parse(lines.get(2));
    }

    record Committed(long batch, Map<TopicPartition, Long> offsets) {
        static final Committed NONE = new Committed(-1, Map.of());
    }
}
