package io.strata.bench;

import java.util.List;

/**
 * Figures 5-9 of issue #8: their subjects (pipelines, the Kafka, Cassandra and Spark frameworks,
 * the IoT sample) do not exist yet, so they are recorded without numbers and with what they wait
 * for. Each becomes a {@link Figure} when its prerequisite lands.
 */
final class PendingFigures {

    private PendingFigures() {
    }

    static List<Result> all() {
        return List.of(
                Result.notYetMeasurable("pipeline.startup_s.vs_floor", "s", "lower",
                        "slowest component of the IoT sample started directly from the same jars (same run)",
                        "ratio <= 1.2",
                        "the pipelines module and the IoT sample (issues #4-#7) do not exist yet"),
                Result.notYetMeasurable("pipeline.teardown_s", "s", "lower", "none (absolute goal)", "<= 10 s",
                        "the pipelines module and the IoT sample (issues #4-#7) do not exist yet"),
                Result.notYetMeasurable("spark.executors_ready_s.vs_standalone", "s", "lower",
                        "Spark standalone Master and Worker from the same jars (same run)", "ratio <= 1.0",
                        "the Spark framework (frameworks/spark) does not exist yet"),
                Result.notYetMeasurable("sharing.speedup_vs_static", "x", "higher",
                        "static partitioning of the same simulated cluster (same run); Mesos NSDI 2011 reported"
                                + " 1.14x-2.10x", ">= 1.3x",
                        "a trace of pipelines and experiments needs the pipelines and frameworks (issues #4-#7)"),
                Result.notYetMeasurable("iot.events_per_s.vs_kafka_producer", "events/s", "higher",
                        "Kafka ProducerPerformance on the same brokers (same run)", "ratio >= 0.5",
                        "the Kafka and Cassandra frameworks and the IoT sample (issues #4-#7) do not exist yet"));
    }
}
