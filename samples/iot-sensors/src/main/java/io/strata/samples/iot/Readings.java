package io.strata.samples.iot;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.udf;

/**
 * The simulator's records on Kafka: key = sensor id, value =
 * {@code {"sensor_id":"sensor-0007","ts":1767225600000,"value":21.375}} with {@code ts} the event
 * time in epoch milliseconds.
 */
final class Readings {

    static final StructType SCHEMA = new StructType()
            .add("sensor_id", DataTypes.StringType)
            .add("ts", DataTypes.LongType)
            .add("value", DataTypes.DoubleType);

    private static final UserDefinedFunction MINUTE = udf((UDF1<Long, Long>) Minutes::floor, DataTypes.LongType);

    private Readings() {
    }

    /** Rows of the Kafka source (batch or streaming) as (sensor_id, ts, value); unparseable values are dropped. */
    static Dataset<Row> fromKafka(Dataset<Row> records) {
        return records
                .select(from_json(col("value").cast(DataTypes.StringType), SCHEMA).as("r"))
                .select("r.sensor_id", "r.ts", "r.value")
                .where(col("sensor_id").isNotNull().and(col("ts").isNotNull()).and(col("value").isNotNull()));
    }

    /** The event-time minute of the {@code ts} column, as a timestamp. */
    static Column minute() {
        return timestamp_millis(MINUTE.apply(col("ts")));
    }
}
