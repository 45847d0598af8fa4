package io.strata.samples.iot;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.timestamp_millis;

/**
 * Batch ETL: reads the whole topic (earliest to the end offsets seen at start), summarises each
 * sensor into {@code etl.sensor_summary} (upserts), then commits exactly the offsets it read to a
 * consumer group.
 */
public final class SensorSummary {

    static final String JOB = "SensorSummary";
    static final String USAGE = "--bootstrap HOST:PORT[,..] --topic T --contact-points H:P[,..] --datacenter DC --group G";
    static final String INSERT = "INSERT INTO etl.sensor_summary (sensor_id, count, avg, min, max, stddev, first_ts, last_ts)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    record Options(String bootstrap, String topic, CassandraTarget cassandra, String group) {
        static Options parse(String[] args) {
            JobArgs a = JobArgs.parse(args, Set.of("bootstrap", "topic", "contact-points", "datacenter", "group"), Set.of());
            return new Options(String.join(",", a.hostPorts("bootstrap")), a.get("topic"), CassandraTarget.of(a),
                    a.get("group"));
        }
    }

    private SensorSummary() {
    }

    public static void main(String[] args) {
        Options options = JobArgs.orExit(JOB, USAGE, () -> Options.parse(args));
        Jobs.run(JOB, () -> run(options));
    }

    private static void run(Options o) throws Exception {
        long started = System.nanoTime();
        SparkSession spark = Jobs.session(JOB);
        CassandraSink.check(o.cassandra(), INSERT);
        try (Admin admin = KafkaOffsets.admin(o.bootstrap())) {
            // Fixed end offsets: what is summarised and what is committed are the same events.
            Map<TopicPartition, Long> end = KafkaOffsets.latest(admin, o.topic());
            Dataset<Row> records = spark.read().format("kafka")
                    .option("kafka.bootstrap.servers", o.bootstrap())
                    .option("subscribe", o.topic())
                    .option("startingOffsets", "earliest")
                    .option("endingOffsets", KafkaOffsets.json(end))
                    .load();
            Dataset<Row> summary = Readings.fromKafka(records)
                    .groupBy("sensor_id")
                    .agg(count(lit(1)).as("count"), avg("value").as("avg"), min("value").as("min"),
                            max("value").as("max"), stddev_samp("value").as("stddev"),
                            timestamp_millis(min("ts")).as("first_ts"), timestamp_millis(max("ts")).as("last_ts"))
                    .select("sensor_id", "count", "avg", "min", "max", "stddev", "first_ts", "last_ts")
                    .cache();
            long sensors = CassandraSink.write(summary, o.cassandra(), INSERT);
            Row total = summary.agg(sum(col("count"))).first();
            long events = total.isNullAt(0) ? 0 : total.getLong(0);
            KafkaOffsets.commit(admin, o.group(), end);
            System.out.println("event=summary job=" + JOB + " topic=" + o.topic() + " sensors=" + sensors
                    + " events=" + events + " endOffsets=" + KafkaOffsets.sum(end) + " group=" + o.group()
                    + " durationMs=" + (System.nanoTime() - started) / 1_000_000);
        } finally {
            spark.stop();
        }
    }
}
