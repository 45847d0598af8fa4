package io.strata.spark.apps;

import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * A job whose TASKS tasks each take MILLIS ms, so that executors are busy long enough to watch:
 * dynamic allocation grows under it, and an executor can be killed in the middle. No shuffle, so
 * that idle executors hold no shuffle data and dynamic allocation may release them. Prints
 * {@code JOB STARTED}, then {@code RESULT sum=TASKS*(TASKS-1)/2}; with a third argument it then
 * idles until that file exists (so executors can be watched going idle), then stops.
 */
public final class SlowJob {

    private SlowJob() {
    }

    public static void main(String[] args) throws Exception {
        int tasks = Integer.parseInt(args[0]);
        long millis = Long.parseLong(args[1]);
        SparkSession spark = SparkSession.builder().appName("slow-job").getOrCreate();
        System.out.println("JOB STARTED");
        long total = spark.range(0, tasks, 1, tasks)
                .mapPartitions((MapPartitionsFunction<Long, Long>) it -> {
                    long s = 0;
                    while (it.hasNext()) {
                        s += it.next();
                    }
                    Thread.sleep(millis);
                    Iterator<Long> one = List.of(s).iterator();
                    return one;
                }, Encoders.LONG())
                .collectAsList().stream().mapToLong(Long::longValue).sum();
        System.out.println("RESULT sum=" + total);
        if (args.length > 2) {
            System.out.println("IDLE");
            Path stop = Path.of(args[2]);
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (!Files.exists(stop) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        spark.stop();
    }
}
