package io.strata.bench.pipeline;

import io.strata.pipelines.sources.Reading;
import io.strata.pipelines.sources.SensorReadings;
import io.strata.pipelines.sources.SourceProducers;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The harness's producers into one side's topic, records exactly as the sensor simulator writes
 * them (key = sensor id, value = {@link Reading#json()}), with the simulator's producer settings
 * (acks=all, idempotence, linger 10 ms, batch 128 KiB). Each side has sensors of its own, so that
 * sum(count) over them is that side's: {@code sensor-<base>} up; probes are single events of
 * sensors never used before, sent with linger 0.
 */
final class JobHopFeed implements AutoCloseable {

    static final int SENSORS = 50;
    static final long SEED = 42;

    private final String topic;
    private final int sensorBase;
    private final Producer<String, String> bulk;
    private final Producer<String, String> probes;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private SensorReadings background;
    private int nextProbe;

    JobHopFeed(String bootstrap, String topic, int sensorBase) {
        this.topic = topic;
        this.sensorBase = sensorBase;
        this.bulk = new KafkaProducer<>(SourceProducers.reliable(bootstrap, "bench-jobhop-" + topic, 10));
        this.probes = new KafkaProducer<>(SourceProducers.reliable(bootstrap, "bench-jobhop-probes-" + topic, 0));
        this.background = new SensorReadings(SENSORS, SEED);
    }

    String topic() {
        return topic;
    }

    /** The side's sensor ids (not the probes'). */
    List<String> sensors() {
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < SENSORS; s++) {
            ids.add(SensorReadings.sensorId(sensorBase + s));
        }
        return ids;
    }

    /**
     * A run's readings from the start of the simulated day: every run writes the same (sensor, minute)
     * keys in the same order, so the table and the job's state stay the size of the longest run.
     */
    SensorReadings startOfDay() {
        return new SensorReadings(SENSORS, SEED);
    }

    /** The next {@code events} of {@code readings}, then a flush. */
    void write(SensorReadings readings, long events) throws Exception {
        for (long i = 0; i < events; i++) {
            send(bulk, readings.next());
        }
        bulk.flush();
        check();
    }

    /** The next {@code events} readings of the background load (its simulated time runs on). */
    void background(int events) throws Exception {
        for (int i = 0; i < events; i++) {
            send(bulk, background.next());
        }
        check();
    }

    /** Starts the background load's simulated day again (its keys are then those of a backlog). */
    void restartBackground() {
        background = new SensorReadings(SENSORS, SEED);
    }

    /**
     * Sends one probe of a new sensor (event time {@code epochMillis}); returns its sensor id.
     * {@code sentAt} is filled with System.nanoTime() just before the send.
     */
    String probe(long[] sentAt, long epochMillis) throws Exception {
        String id = SensorReadings.sensorId(sensorBase + 100_000 + nextProbe++);
        Reading r = new Reading(nextProbe, id, epochMillis, 20.0);
        sentAt[0] = System.nanoTime();
        probes.send(new ProducerRecord<>(topic, r.sensorId(), r.json()), (m, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
        return id;
    }

    private void send(Producer<String, String> p, Reading sim) {
        Reading r = new Reading(sim.index(), SensorReadings.sensorId(sensorBase + Integer.parseInt(
                sim.sensorId().substring("sensor-".length()))), sim.ts(), sim.value());
        p.send(new ProducerRecord<>(topic, r.sensorId(), r.json()), (m, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
        });
    }

    private void check() throws Exception {
        Exception e = failure.get();
        if (e != null) {
            throw new IllegalStateException("producing to " + topic + " failed: " + e, e);
        }
    }

    void flush() throws Exception {
        bulk.flush();
        probes.flush();
        check();
    }

    @Override
    public void close() {
        try {
            bulk.close();
        } finally {
            probes.close();
        }
    }
}
