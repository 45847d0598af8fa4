package io.strata.samples.iot;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;

import java.time.Duration;
import java.util.Set;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

/**
 * Streams the readings from Kafka into {@code iot.readings_by_minute}: per sensor and event-time
 * minute the count, mean, minimum and maximum, exact across failures.
 *
 * <p>It may start before Cassandra runs (the pipeline submits it once its topic exists): the query
 * starts at once, and each micro-batch's sink first waits for the table ({@link CassandraSink#awaitTable}).
 *
 * <p>Exactness: the aggregation state lives in the checkpoint; each micro-batch upserts the full
 * current values of the keys it changed, so a replayed batch recomputes and rewrites the same
 * values. No watermark: a late reading still updates its minute, at the price of state that grows
 * with the number of (sensor, minute) keys. The Kafka source fails rather than skips when
 * offsets it has not read were deleted (failOnDataLoss stays true): a gap would be a wrong count.
 */
public final class ReadingsByMinute {

    static final String JOB = "ReadingsByMinute";
    static final String QUERY = "readings_by_minute";
    static final String USAGE = "--bootstrap HOST:PORT[,..] --topic T --contact-points H:P[,..] --datacenter DC"
            + " --group G --checkpoint DIR [--trigger 2s]"
            + " [--max-offsets-per-trigger N]";
    static final String INSERT = "INSERT INTO iot.readings_by_minute (sensor_id, minute, count, avg, min, max)"
            + " VALUES (?, ?, ?, ?, ?, ?)";

    /**
     * @param maxOffsetsPerTrigger the Kafka source's cap on records per micro-batch; 0 (the default) = no
     *                             cap, a batch reads everything the topic has
     */
    record Options(String bootstrap, String topic, CassandraTarget cassandra, String group, String checkpoint,
                   Duration trigger, long maxOffsetsPerTrigger) {
        static Options parse(String[] args) {
            JobArgs a = JobArgs.parse(args,
                    Set.of("bootstrap", "topic", "contact-points", "datacenter", "group", "checkpoint"),
                    Set.of("trigger", "max-offsets-per-trigger"));
            return new Options(String.join(",", a.hostPorts("bootstrap")), a.get("topic"), CassandraTarget.of(a),
                    a.get("group"), a.get("checkpoint"), a.duration("trigger", Duration.ofSeconds(2)),
                    a.positiveLong("max-offsets-per-trigger", 0));
        }
    }

    private ReadingsByMinute() {
    }

    public static void main(String[] args) {
        Options options = JobArgs.orExit(JOB, USAGE, () -> Options.parse(args));
        Jobs.run(JOB, () -> run(options));
    }

    private static void run(Options o) throws Exception {
        SparkSession spark = Jobs.session(JOB);
        try (OffsetCommitListener listener = new OffsetCommitListener(QUERY, o.bootstrap(), o.group())) {
            spark.streams().addListener(listener);
            Dataset<Row> perMinute = perMinute(spark, o);
            StreamingRuns.run(QUERY, spark, listener, o.checkpoint(), () -> StreamingRuns.toCassandra(perMinute,
                    OutputMode.Update(), QUERY, o, listener, INSERT));
        }
    }

    private static Dataset<Row> perMinute(SparkSession spark, Options o) {
        Dataset<Row> records = StreamingRuns.kafka(spark, o);
        return Readings.fromKafka(records)
                .withColumn("minute", Readings.minute())
                .groupBy("sensor_id", "minute")
                .agg(count(lit(1)).as("count"), avg("value").as("avg"), min("value").as("min"),
                        max("value").as("max"))
                .select("sensor_id", "minute", "count", "avg", "min", "max");
    }
}
