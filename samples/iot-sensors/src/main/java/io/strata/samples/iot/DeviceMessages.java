package io.strata.samples.iot;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.timestamp_millis;

/**
 * Streams what MQTT devices published (through the MQTT bridge to Kafka) into {@code iot_mqtt.messages},
 * one row per device message, keyed by the device and its sequence number.
 *
 * <p>Exactly once: the bridge writes a message to Kafka before it acknowledges it, so a device whose
 * PUBACK was lost (the bridge killed mid-stream) sends it again and Kafka may hold it twice; the row
 * key (device_id, seq) makes the second write an upsert of the same row, so every acknowledged
 * message is one row and {@code SELECT count(*)} counts it once. Replayed micro-batches write the same
 * rows again. Offsets are checkpointed on the driver's volume and committed to the job's group.
 */
public final class DeviceMessages {

    static final String JOB = "DeviceMessages";
    static final String QUERY = "device_messages";
    static final String USAGE = "--bootstrap HOST:PORT[,..] --topic T --contact-points H:P[,..] --datacenter DC"
            + " --group G --checkpoint DIR [--trigger 2s]";
    static final String INSERT = "INSERT INTO iot_mqtt.messages (device_id, seq, ts, value) VALUES (?, ?, ?, ?)";

    /** MqttDevices' payload: {"device_id":"device-0001","seq":17,"ts":1767225600000,"value":21.375}. */
    static final StructType SCHEMA = new StructType()
            .add("device_id", DataTypes.StringType)
            .add("seq", DataTypes.LongType)
            .add("ts", DataTypes.LongType)
            .add("value", DataTypes.DoubleType);

    private DeviceMessages() {
    }

    public static void main(String[] args) {
        ReadingsByMinute.Options o = JobArgs.orExit(JOB, USAGE, () -> ReadingsByMinute.Options.parse(args));
        Jobs.run(JOB, () -> run(o));
    }

    private static void run(ReadingsByMinute.Options o) throws Exception {
        SparkSession spark = Jobs.session(JOB);
        try (OffsetCommitListener listener = new OffsetCommitListener(QUERY, o.bootstrap(), o.group())) {
            spark.streams().addListener(listener);
            Dataset<Row> messages = messages(spark, o);
            StreamingRuns.run(QUERY, spark, listener, o.checkpoint(), () -> StreamingRuns.toCassandra(messages,
                    OutputMode.Append(), QUERY, o, listener, INSERT));
        }
    }

    /** Rows (device_id, seq, ts, value) of the topic; a value that is not a device message is dropped. */
    static Dataset<Row> messages(SparkSession spark, ReadingsByMinute.Options o) {
        Dataset<Row> records = StreamingRuns.kafka(spark, o);
        return records.select(from_json(col("value").cast(DataTypes.StringType), SCHEMA).as("m"))
                .select(col("m.device_id"), col("m.seq"), timestamp_millis(col("m.ts")).as("ts"), col("m.value"))
                .where(col("device_id").isNotNull().and(col("seq").isNotNull()));
    }
}
