package io.strata.samples.iot;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes a DataFrame's rows with a prepared INSERT whose bind markers follow the DataFrame's column
 * order. Every statement is idempotent (an upsert of full values), so a replayed batch or a retried
 * task writes the same rows again and nothing is counted twice. A task returns only after all its
 * writes are acknowledged, so a batch is complete in Cassandra before Spark commits it.
 */
final class CassandraSink implements ForeachPartitionFunction<Row> {

    private static final int IN_FLIGHT_PER_TASK = 128;

    private final CassandraTarget target;
    private final String insertCql;
    private final LongAccumulator written;

    private CassandraSink(CassandraTarget target, String insertCql, LongAccumulator written) {
        this.target = target;
        this.insertCql = insertCql;
        this.written = written;
    }

    /** Writes every row of {@code rows} and returns how many were written. */
    static long write(Dataset<Row> rows, CassandraTarget target, String insertCql) {
        LongAccumulator written = rows.sparkSession().sparkContext().longAccumulator();
        rows.foreachPartition(new CassandraSink(target, insertCql, written));
        return written.value();
    }

    /** Fails fast in the driver, with Cassandra's reason, when the table is missing or does not fit. */
    static void check(CassandraTarget target, String insertCql) {
        CassandraSessions.prepare(target, insertCql);
    }

    /**
     * Waits in the driver until the table takes the INSERT: a streaming job is started as soon as
     * its topic exists, so Cassandra may still be starting or its schema not yet applied. Only
     * {@link SinkWait#notThereYet} errors are waited out, for at most {@code max}; a table that
     * exists but does not fit fails at once, with Cassandra's reason. Returns at once once prepared.
     */
    static void awaitTable(CassandraTarget target, String insertCql, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        boolean said = false;
        while (true) {
            try {
                CassandraSessions.prepare(target, insertCql);
                if (said) {
                    System.out.println("event=sink-ready");
                }
                return;
            } catch (RuntimeException e) {
                if (!SinkWait.notThereYet(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                if (!said) {
                    System.out.println("event=waiting-for-sink reason=\"" + e.getMessage() + "\"");
                    said = true;
                }
                Thread.sleep(SinkWait.PAUSE.toMillis());
            }
        }
    }

    @Override
    public void call(Iterator<Row> rows) throws Exception {
        CqlSession session = CassandraSessions.get(target);
        PreparedStatement insert = CassandraSessions.prepare(target, insertCql);
        Semaphore permits = new Semaphore(IN_FLIGHT_PER_TASK);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        long count = 0;
        while (rows.hasNext() && failure.get() == null) {
            BoundStatement statement = insert.bind(values(rows.next())).setIdempotent(true);
            permits.acquire();
            session.executeAsync(statement).whenComplete((rs, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, error);
                }
                permits.release();
            });
            count++;
        }
        permits.acquire(IN_FLIGHT_PER_TASK);
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("write to Cassandra failed: " + error.getMessage(), error);
        }
        written.add(count);
    }

    /** Spark's external types as the driver's: timestamps become {@link java.time.Instant}. */
    static Object[] values(Row row) {
        Object[] values = new Object[row.length()];
        for (int i = 0; i < values.length; i++) {
            Object v = row.get(i);
            values[i] = v instanceof Timestamp t ? t.toInstant() : v;
        }
        return values;
    }
}
