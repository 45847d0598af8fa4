package io.strata.samples.iot;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaSourceMetricsBugTest {

    private static Throwable thrownAt(Throwable t, String className, String method) {
        t.setStackTrace(new StackTraceElement[] {new StackTraceElement(className, method, "X.scala", 520)});
        return t;
    }

    @Test
    void recognisesTheKafkaSourcesMetricsNullPointerAnywhereInTheCauses() {
        Throwable npe = thrownAt(new NullPointerException(), "org.apache.spark.sql.kafka010.KafkaMicroBatchStream$", "metrics");

        assertThat(KafkaSourceMetricsBug.isCause(npe)).isTrue();
        assertThat(KafkaSourceMetricsBug.isCause(new RuntimeException("query failed", npe))).isTrue();
    }

    @Test
    void anyOtherFailureStopsTheJob() {
        assertThat(KafkaSourceMetricsBug.isCause(thrownAt(new NullPointerException(), "io.strata.X", "metrics"))).isFalse();
        assertThat(KafkaSourceMetricsBug.isCause(thrownAt(new IllegalStateException(),
                "org.apache.spark.sql.kafka010.KafkaMicroBatchStream$", "metrics"))).isFalse();
        assertThat(KafkaSourceMetricsBug.isCause(new RuntimeException("write to Cassandra failed"))).isFalse();
    }
}
