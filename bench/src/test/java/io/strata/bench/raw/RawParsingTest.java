package io.strata.bench.raw;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The raw comparisons' pure parts: the Kafka tools' command lines and summaries, the workload's key order. */
class RawParsingTest {

    @Test
    void producerSummaryIsTheLineWithPercentilesNotAnInterimOne() {
        KafkaTools.Produced p = KafkaTools.parseProducer(KafkaTiny.PRODUCER_SAMPLE);
        assertThat(p.records()).isEqualTo(300_000);
        assertThat(p.recordsPerSec()).isEqualTo(41928.7);
        assertThat(p.avgLatencyMs()).isEqualTo(512.36);
        assertThat(p.p99Ms()).isEqualTo(1102);
        assertThatThrownBy(() -> KafkaTools.parseProducer("150000 records sent, 30000.0 records/sec (2.86 MB/sec),"
                + " 250.1 ms avg latency, 801.0 ms max latency.\n")).hasMessageContaining("no summary");
    }

    @Test
    void consumerSummaryIsReadByColumnName() {
        KafkaTools.Consumed c = KafkaTools.parseConsumer(KafkaTiny.CONSUMER_SAMPLE);
        assertThat(c.records()).isEqualTo(300_000);
        assertThat(c.recordsPerSec()).isEqualTo(47371.7);
        assertThat(c.fetchRecordsPerSec()).isEqualTo(90334.2);
    }

    @Test
    void endToEndLatencyGivesMeanAndWholeMillisecondPercentiles() {
        KafkaTools.Latency l = KafkaTools.parseEndToEnd(KafkaTiny.END_TO_END_SAMPLE);
        assertThat(l.avgMs()).isEqualTo(3.4121);
        assertThat(l.p50Ms()).isEqualTo(3);
        assertThat(l.p99Ms()).isEqualTo(9);
        assertThat(l.p999Ms()).isEqualTo(14);
    }

    @Test
    void bothSidesGetTheSameCommandLineButTheBootstrap() {
        Path dist = Path.of("/d");
        Path tools = Path.of("/t");
        assertThat(KafkaTools.producer(dist, tools, "a:1", "topic", 10, 100)).containsSubsequence("-cp", "/d/*:/t/*",
                KafkaTools.PRODUCER, "--topic", "topic", "--num-records", "10", "--record-size", "100", "--throughput",
                "-1", "--producer-props", "bootstrap.servers=a:1", "acks=all");
        assertThat(KafkaTools.endToEnd(dist, tools, "a:1", "e", 5, 100)).endsWith("a:1", "e", "5", "all", "100");
        assertThat(KafkaTools.consumer(dist, tools, "a:1", "topic", 10, "g")).containsSubsequence("--bootstrap-server",
                "a:1", "--topic", "topic", "--messages", "10", "--group", "g");
    }

    @Test
    void readsVisitEveryWrittenKeyOnce() {
        for (long n : new long[] {1, 2, 7, 10, 1000, 40_000}) {
            long stride = CassandraWorkload.strideCoprimeTo(n);
            Set<Long> seen = new HashSet<>();
            for (long i = 0; i < n; i++) {
                seen.add((i * stride) % n);
            }
            assertThat(seen).as("n=%d", n).hasSize((int) n);
        }
    }

    @Test
    void workloadKeepsAtMostItsConcurrencyInFlightAndAnswersEveryRequest() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        // Each request counts itself in when sent and out just before its answer completes it.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            CassandraWorkload.Phase p = CassandraWorkload.run(4, 500, i -> {
                most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                return CompletableFuture.runAsync(() -> {
                    inFlight.decrementAndGet();
                    answered.incrementAndGet();
                }, pool);
            });
            assertThat(p.ops()).isEqualTo(500);
            assertThat(answered.get()).isEqualTo(500);
            assertThat(most.get()).isBetween(1, 4);
            assertThat(p.p99Ms()).isGreaterThanOrEqualTo(p.p50Ms());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailedRequestFailsThePhase() {
        assertThatThrownBy(() -> CassandraWorkload.run(2, 10, i -> i == 3
                ? CompletableFuture.failedFuture(new IllegalStateException("row 3 missing"))
                : CompletableFuture.completedFuture(null))).hasRootCauseMessage("row 3 missing");
    }
}
