package io.strata.samples.iot;

/**
 * SPARK-55271 (Spark 4.1.1): when a query restarts from its checkpoint and first replays the batch
 * the previous run did not finish, the Kafka source's progress metrics throw a
 * NullPointerException and the query stops. It happens after the replayed batch was written and
 * committed to the checkpoint, so starting the query again from the same checkpoint is exact and
 * does not replay anything; only that batch's progress event (and its offset commit) is lost.
 */
final class KafkaSourceMetricsBug {

    static final String REASON = "SPARK-55271 (Kafka source metrics failed after replaying an unfinished batch;"
            + " the batch is committed, starting again)";

    private KafkaSourceMetricsBug() {
    }

    static boolean isCause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NullPointerException) {
                for (StackTraceElement frame : t.getStackTrace()) {
                    if (frame.getClassName().startsWith("org.apache.spark.sql.kafka010.KafkaMicroBatchStream")
                            && frame.getMethodName().equals("metrics")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
