package io.strata.bench.spark;

import java.lang.reflect.Method;
import java.util.Locale;

/**
 * The driver of figure 7, run in a JVM of its own on Spark's jars: creates a SparkContext from the
 * spark.* system properties, prints how long it took from just before that until N executors had
 * registered with the context's scheduler backend, stops the context and exits. Spark is kept off
 * the bench module's classpath (its 200 jars, Scala build and log4j binding would meet the
 * runtime's), so the four calls go through reflection. No lambdas or nested classes: the harness
 * copies this one class file next to Spark's jars.
 */
public final class ExecutorsReadyApp {

    static final String READY = "EXECUTORS_READY ";
    private static final long GIVE_UP_NANOS = 150_000_000_000L;

    private ExecutorsReadyApp() {
    }

    public static void main(String[] args) throws Exception {
        int wanted = Integer.parseInt(args[0]);
        Class<?> confClass = Class.forName("org.apache.spark.SparkConf");
        Class<?> contextClass = Class.forName("org.apache.spark.SparkContext");
        Method executorIds = contextClass.getMethod("getExecutorIds");
        Method size = Class.forName("scala.collection.IterableOnceOps").getMethod("size");
        Object conf = confClass.getConstructor().newInstance();

        long start = System.nanoTime();
        Object sc = contextClass.getConstructor(confClass).newInstance(conf);
        int registered = (Integer) size.invoke(executorIds.invoke(sc));
        while (registered < wanted && System.nanoTime() - start < GIVE_UP_NANOS) {
            Thread.sleep(5);
            registered = (Integer) size.invoke(executorIds.invoke(sc));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (registered >= wanted) {
            System.out.println(READY + String.format(Locale.ROOT, "%.3f", seconds));
        } else {
            System.out.println("EXECUTORS_MISSING " + registered + " of " + wanted + " after " + seconds + " s");
        }
        contextClass.getMethod("stop").invoke(sc);
        System.exit(registered >= wanted ? 0 : 1);
    }
}
