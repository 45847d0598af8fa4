package io.strata.samples.iot;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF3;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.stddev_pop;
import static org.apache.spark.sql.functions.udf;

/**
 * An ad-hoc experiment against a running pipeline: scores each sensor's minute means against that
 * sensor's own distribution of minute means, shows the ten largest deviations and keeps those at or
 * beyond the threshold in {@code iot.anomalies}.
 */
public final class AnomalyExperiment {

    static final String JOB = "AnomalyExperiment";
    static final String USAGE = "--contact-points H:P[,..] --datacenter DC [--threshold 3.0]";
    static final String CREATE = "CREATE TABLE IF NOT EXISTS iot.anomalies (sensor_id text, minute timestamp,"
            + " avg double, zscore double, PRIMARY KEY (sensor_id, minute))";
    static final String INSERT = "INSERT INTO iot.anomalies (sensor_id, minute, avg, zscore) VALUES (?, ?, ?, ?)";

    private static final StructType MINUTES = new StructType()
            .add("sensor_id", DataTypes.StringType)
            .add("minute", DataTypes.TimestampType)
            .add("avg", DataTypes.DoubleType);
    private static final UserDefinedFunction ZSCORE =
            udf((UDF3<Double, Double, Double, Double>) ZScore::of, DataTypes.DoubleType);

    record Options(CassandraTarget cassandra, double threshold) {
        static Options parse(String[] args) {
            JobArgs a = JobArgs.parse(args, Set.of("contact-points", "datacenter"), Set.of("threshold"));
            double threshold = a.doubleValue("threshold", 3.0);
            if (!(threshold > 0)) {
                throw new IllegalArgumentException("--threshold must be positive");
            }
            return new Options(CassandraTarget.of(a), threshold);
        }
    }

    private AnomalyExperiment() {
    }

    public static void main(String[] args) {
        Options options = JobArgs.orExit(JOB, USAGE, () -> Options.parse(args));
        Jobs.run(JOB, () -> run(options));
    }

    private static void run(Options o) {
        long started = System.nanoTime();
        SparkSession spark = Jobs.session(JOB);
        try {
            // The table is small (sensors x minutes): read it here, score it with Spark.
            Dataset<Row> minutes = spark.createDataFrame(readMinutes(CassandraSessions.get(o.cassandra())), MINUTES);
            Dataset<Row> perSensor = minutes.groupBy("sensor_id")
                    .agg(avg("avg").as("mean"), stddev_pop("avg").as("stddev"));
            Dataset<Row> scored = minutes.join(perSensor, "sensor_id")
                    .withColumn("zscore", ZSCORE.apply(col("avg"), col("mean"), col("stddev")))
                    .where(col("zscore").isNotNull())
                    .select("sensor_id", "minute", "avg", "zscore")
                    .cache();
            System.out.println("Top 10 minutes by |z| (population: each sensor's minute means)");
            scored.orderBy(abs(col("zscore")).desc()).show(10, false);

            CassandraSessions.get(o.cassandra()).execute(SimpleStatement.newInstance(CREATE).setTimeout(Duration.ofSeconds(60)));
            long anomalies = CassandraSink.write(scored.where(abs(col("zscore")).geq(o.threshold())), o.cassandra(), INSERT);
            System.out.println("event=experiment job=" + JOB + " minutes=" + minutes.count() + " sensors=" + perSensor.count()
                    + " threshold=" + o.threshold() + " anomalies=" + anomalies
                    + " durationMs=" + (System.nanoTime() - started) / 1_000_000);
        } finally {
            spark.stop();
        }
    }

    private static List<Row> readMinutes(CqlSession session) {
        List<Row> rows = new ArrayList<>();
        for (var r : session.execute(SimpleStatement.newInstance(
                "SELECT sensor_id, minute, avg FROM iot.readings_by_minute").setPageSize(5000))) {
            rows.add(RowFactory.create(r.getString(0), Timestamp.from(r.getInstant(1)), r.getDouble(2)));
        }
        return rows;
    }
}
