package io.strata.samples.iot;

import org.apache.spark.sql.SparkSession;
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
