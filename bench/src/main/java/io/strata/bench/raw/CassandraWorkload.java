package io.strata.bench.raw;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed-concurrency key-value workload written with the DataStax Java driver (Cassandra's stress
 * tool is not served by the Maven registry here): {@code n} writes of a {@link #VALUE_BYTES}-byte
 * blob to new keys, then {@code n} reads of those keys in a shuffled order, each phase with exactly
 * {@code concurrency} requests in flight (a new one is sent as each completes), at consistency
 * LOCAL_ONE on a one-node ring.
 */
final class CassandraWorkload implements AutoCloseable {

    static final int VALUE_BYTES = 100;
    static final String SCHEMA_KEYSPACE = "CREATE KEYSPACE IF NOT EXISTS rawbench WITH replication ="
            + " {'class': 'SimpleStrategy', 'replication_factor': 1}";
    static final String SCHEMA_TABLE = "CREATE TABLE IF NOT EXISTS rawbench.kv (id bigint PRIMARY KEY, v blob)";
    static final String WRITE = "INSERT INTO rawbench.kv (id, v) VALUES (?, ?)";
    static final String READ = "SELECT v FROM rawbench.kv WHERE id = ?";

    /** One request of a phase: the i-th; its stage completes when the answer is in. */
    interface Op {
        CompletionStage<?> send(long i);
    }

    /** A phase: how many requests, its wall time, and the percentiles of each request's latency. */
    record Phase(long ops, double seconds, double p50Ms, double p99Ms) {
        double opsPerSec() {
            return ops / seconds;
        }
    }

    private final CqlSession session;
    private final PreparedStatement write;
    private final PreparedStatement read;

    private CassandraWorkload(CqlSession session) {
        this.session = session;
        session.execute(SCHEMA_KEYSPACE);
        session.execute(SCHEMA_TABLE);
        this.write = session.prepare(WRITE);
        this.read = session.prepare(READ);
    }

    static CassandraWorkload connect(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.METADATA_SCHEMA_REQUEST_TIMEOUT, Duration.ofSeconds(30))
                .withDuration(DefaultDriverOption.CONTROL_CONNECTION_TIMEOUT, Duration.ofSeconds(10))
                .build();
        return new CassandraWorkload(CqlSession.builder()
                .addContactPoint(new InetSocketAddress(hostPort.substring(0, colon),
                        Integer.parseInt(hostPort.substring(colon + 1))))
                .withLocalDatacenter("datacenter1").withConfigLoader(config).build());
    }

    /** Writes keys {@code first .. first+n-1}. */
    Phase writes(long first, long n, int concurrency) throws InterruptedException {
        ByteBuffer value = ByteBuffer.wrap(new byte[VALUE_BYTES]);
        return run(concurrency, n, i -> session.executeAsync(write.bind(first + i, value.duplicate())));
    }

    /** Reads those keys in a shuffled order (a fixed stride through them); fails on a missing row. */
    Phase reads(long first, long n, int concurrency) throws InterruptedException {
        long stride = strideCoprimeTo(n);
        return run(concurrency, n, i -> session.executeAsync(read.bind(first + (i * stride) % n))
                .thenApply(rs -> {
                    if (rs.one() == null) {
                        throw new IllegalStateException("row " + (first + (i * stride) % n) + " missing");
                    }
                    return rs;
                }));
    }

    /** A stride near n * 0.618 that visits every key of 0..n-1 once. */
    static long strideCoprimeTo(long n) {
        long s = Math.max(1, (long) (n * 0.618));
        while (gcd(s, n) != 1) {
            s++;
        }
        return s;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /**
     * Sends {@code n} requests with {@code concurrency} in flight; returns when every one is answered.
     * Throws the first failure.
     */
    static Phase run(int concurrency, long n, Op op) throws InterruptedException {
        Semaphore permits = new Semaphore(concurrency);
        long[] latency = new long[Math.toIntExact(n)];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(Math.toIntExact(n));
        AtomicLong sent = new AtomicLong();
        long start = System.nanoTime();
        for (int i = 0; i < n && failure.get() == null; i++) {
            permits.acquire();
            int k = i;
            long t0 = System.nanoTime();
            sent.incrementAndGet();
            op.send(i).whenComplete((r, e) -> {
                latency[k] = System.nanoTime() - t0;
                if (e != null) {
                    failure.compareAndSet(null, e);
                }
                permits.release();
                done.countDown();
            });
        }
        if (failure.get() == null && !done.await(10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("requests still unanswered after 10 min: " + done.getCount());
        }
        if (failure.get() != null) {
            throw new IllegalStateException("a request failed after " + sent.get() + " sent", failure.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] sorted = latency.clone();
        Arrays.sort(sorted);
        return new Phase(n, seconds, percentile(sorted, 50) / 1e6, percentile(sorted, 99) / 1e6);
    }

    /** Nearest rank of sorted values. */
    static double percentile(long[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    @Override
    public void close() {
        session.close();
    }
}
