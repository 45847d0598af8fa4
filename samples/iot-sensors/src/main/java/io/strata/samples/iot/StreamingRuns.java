package io.strata.samples.iot;

import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.Trigger;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * How the sample streaming jobs run their query: the offsets of the last batch the checkpoint holds
 * are committed to the job's group first (a restarted driver shows its progress at once), then the
 * query runs until it ends; it is started again after {@link KafkaSourceMetricsBug}, at most
 * {@link #MAX_RESTARTS} times (one is enough: the replayed batch is committed by then).
 */
final class StreamingRuns {

    static final int MAX_RESTARTS = 3;

    interface QueryStart {
        StreamingQuery start() throws Exception;
    }

    private StreamingRuns() {
    }

    /**
     * The job's topic as a stream from its earliest offsets; the source fails rather than skips when
     * offsets it has not read were deleted (failOnDataLoss): a gap would be a wrong count. With
     * {@code --max-offsets-per-trigger} a micro-batch reads at most that many records (Spark's
     * maxOffsetsPerTrigger); without it, all the topic has.
     */
    static Dataset<Row> kafka(SparkSession spark, ReadingsByMinute.Options o) {
        DataStreamReader reader = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", o.bootstrap())
                .option("subscribe", o.topic())
                .option("startingOffsets", "earliest")
                .option("failOnDataLoss", "true");
        if (o.maxOffsetsPerTrigger() > 0) {
            reader = reader.option("maxOffsetsPerTrigger", o.maxOffsetsPerTrigger());
        }
        return reader.load();
    }

    /**
     * Starts {@code query}: each micro-batch waits for the table, then upserts its rows with {@code insert}
     * (see {@link CassandraSink}) and tells the listener how many it wrote.
     */
    static StreamingQuery toCassandra(Dataset<Row> rows, OutputMode mode, String query, ReadingsByMinute.Options o,
                                      OffsetCommitListener listener, String insert) throws Exception {
        return rows.writeStream()
                .queryName(query)
                .outputMode(mode)
                .option("checkpointLocation", o.checkpoint())
                .trigger(Trigger.ProcessingTime(o.trigger().toMillis()))
                .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (batch, batchId) -> {
                    CassandraSink.awaitTable(o.cassandra(), insert, SinkWait.MAX);
                    listener.written(batchId, CassandraSink.write(batch, o.cassandra(), insert));
                })
                .start();
    }

    static void run(String query, SparkSession spark, OffsetCommitListener listener, String checkpoint,
                    QueryStart start) throws Exception {
        for (int restarts = 0; ; restarts++) {
            CheckpointOffsets.Committed done = CheckpointOffsets.read(spark, checkpoint);
            if (done.batch() >= 0) {
                System.out.println("event=checkpoint query=" + query + " lastCommittedBatch=" + done.batch()
                        + " endOffsets=" + KafkaOffsets.sum(done.offsets()));
                listener.commit(done.offsets());
            }
            try {
                start.start().awaitTermination();
                return;
            } catch (StreamingQueryException e) {
                if (restarts >= MAX_RESTARTS || !KafkaSourceMetricsBug.isCause(e)) {
                    throw e;
                }
                System.out.println("event=query-restart query=" + query + " reason=" + KafkaSourceMetricsBug.REASON);
            }
        }
    }
}
