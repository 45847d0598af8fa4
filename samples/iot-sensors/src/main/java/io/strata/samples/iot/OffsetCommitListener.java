package io.strata.samples.iot;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * After each micro-batch of one query, commits the Kafka source's end offsets to a consumer group
 * (Strata reads the group's lag as the job's progress) and logs one line for the batch.
 *
 * <p>Spark reports a batch's progress only after its sink finished, so the committed offsets never
 * run ahead of what is in Cassandra. Batches Spark reports no progress for are covered by
 * {@link CheckpointOffsets} when the query starts.
 */
final class OffsetCommitListener extends StreamingQueryListener implements AutoCloseable {

    private final String queryName;
    private final String group;
    private final Admin admin;
    private final Map<Long, Long> rowsWritten = new ConcurrentHashMap<>();
    private Map<TopicPartition, Long> lastCommitted = Map.of();

    OffsetCommitListener(String queryName, String bootstrap, String group) {
        this.queryName = queryName;
        this.group = group;
        this.admin = KafkaOffsets.admin(bootstrap);
    }

    /** Called by the sink (in the driver) with the rows it wrote for a batch. */
    void written(long batchId, long rows) {
        rowsWritten.put(batchId, rows);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        if (queryName.equals(event.name())) {
            System.out.println("event=query-started query=" + queryName + " id=" + event.id() + " run=" + event.runId());
        }
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        if (!queryName.equals(progress.name()) || progress.sources().length == 0) {
            return;
        }
        Long rows = rowsWritten.remove(progress.batchId());
        SourceProgress source = progress.sources()[0];
        Map<TopicPartition, Long> end = KafkaOffsets.parse(source.endOffset());
        if (rows != null) {
            System.out.println("event=batch query=" + queryName + " batch=" + progress.batchId()
                    + " inputRows=" + progress.numInputRows() + " rowsWritten=" + rows
                    + " durationMs=" + progress.batchDuration() + " endOffsets=" + KafkaOffsets.sum(end));
        }
        commit(end);
    }

    /**
     * Commits {@code end} to the group when it is ahead of what this listener committed before (a
     * stale progress event never moves the group back). Called from the listener bus and, before a
     * query (re)starts, from the driver's main thread.
     */
    synchronized void commit(Map<TopicPartition, Long> end) {
        if (!KafkaOffsets.isAhead(end, lastCommitted)) {
            return;
        }
        try {
            KafkaOffsets.commit(admin, group, end);
            lastCommitted = end;
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            System.err.println("event=offset-commit-failed query=" + queryName + " group=" + group
                    + " reason=" + cause.getClass().getSimpleName() + ": " + cause.getMessage());
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        // The job may start the query again (same id): the Kafka client lives as long as the job.
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
