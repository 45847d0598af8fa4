package io.strata.spark.apps;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.sum;

/**
 * A Spark application that knows nothing of Strata: groups ROWS numbers into 100 keys and sums them
 * through two shuffles. Prints {@code RESULT groups=100 total=ROWS*(ROWS-1)/2 rows=ROWS}.
 */
public final class ShuffleJob {

    private ShuffleJob() {
    }

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000L;
        SparkSession spark = SparkSession.builder().appName("shuffle-job").getOrCreate();
        Row r = spark.range(0, rows, 1, 8).selectExpr("id % 100 AS k", "id AS v")
                .groupBy("k").agg(sum("v").as("s"), count("*").as("c"))
                .repartition(5)
                .agg(count("*"), sum("s"), sum("c"))
                .first();
        System.out.println("RESULT groups=" + r.getLong(0) + " total=" + r.get(1) + " rows=" + r.get(2));
        spark.stop();
    }
}
