package io.strata.samples.iot;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** What every sample job does the same way: its Spark session and how it ends. */
final class Jobs {

    /** Few shuffle partitions unless configured: sample data is small and the state store keeps one per partition. */
    static final String DEFAULT_SHUFFLE_PARTITIONS = "4";

    interface Body {
        void run() throws Exception;
    }

    private Jobs() {
    }

    /** The session; the master URL and all settings come from outside (system properties, spark-submit). */
    static SparkSession session(String job) {
        SparkConf given = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder();
        if (!given.contains("spark.app.name")) {
            builder.appName(job);
        }
        if (!given.contains("spark.sql.shuffle.partitions")) {
            builder.config("spark.sql.shuffle.partitions", DEFAULT_SHUFFLE_PARTITIONS);
        }
        return builder.getOrCreate();
    }

    /**
     * Runs a job's body and ends the JVM: exit code 0 when it returns, 1 with a one-line reason on
     * stderr when it throws (the driver's and Kafka's client threads would otherwise keep it alive).
     */
    static void run(String job, Body body) {
        int code = 0;
        try {
            body.run();
        } catch (Throwable e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            System.err.println(job + ": failed: " + reason(e) + (cause != e ? " (cause: " + reason(cause) + ")" : ""));
            code = 1;
        }
        System.out.flush();
        System.exit(code);
    }

    private static String reason(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
