package io.strata.pipelines.sources;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The built-in source: writes {@link SensorReadings} to a Kafka topic, key = sensor id, value =
 * the reading's JSON. A separate OS process started by the pipeline orchestrator.
 *
 * <p>Stdout: {@code produced N events} at most every 2 s and once at the end, N counting
 * acknowledged events only. Exit 0 once all events are acknowledged; 1 after a failed send (one
 * line on stderr); 2 for a bad command line. SIGTERM stops it after a flush and the final line.
 */
public final class SensorSimulator {

    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final SimulatorOptions options;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private volatile boolean stopping;

    private SensorSimulator(SimulatorOptions options) {
        this.options = options;
    }

    public static void main(String[] args) {
        SimulatorOptions options;
        try {
            options = SimulatorOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("SensorSimulator: " + e.getMessage() + "; usage: SensorSimulator " + SimulatorOptions.USAGE);
            System.exit(2);
            return;
        }
        SensorSimulator simulator = new SensorSimulator(options);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            simulator.stopping = true;
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sensor-simulator-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = simulator.run();
        finished.countDown();
        if (!simulator.stopping) {
            System.exit(code);
        }
    }

    private int run() {
        SensorReadings readings = new SensorReadings(options.sensors(), options.seed());
        TokenBucket bucket = options.rate() == null ? null : TokenBucket.perSecond(options.rate(), System.nanoTime());
        long lastProgress = System.nanoTime();
        try (Producer<String, String> producer = new KafkaProducer<>(producerConfig(options.bootstrap()))) {
            try {
                while (!stopping && failure.get() == null
                        && (options.events() == null || readings.position() < options.events())) {
                    if (bucket != null) {
                        pause(bucket.take(System.nanoTime()));
                    }
                    Reading r = readings.next();
                    producer.send(new ProducerRecord<>(options.topic(), r.sensorId(), r.json()), (metadata, error) -> {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, error);
                        }
                    });
                    long now = System.nanoTime();
                    if (now - lastProgress >= PROGRESS_NANOS) {
                        System.out.println("produced " + acknowledged.get() + " events");
                        lastProgress = now;
                    }
                }
            } catch (RuntimeException e) {
                // send() itself failed (e.g. metadata for the topic never arrived within max.block.ms).
                failure.compareAndSet(null, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            producer.flush();
        }
        System.out.println("produced " + acknowledged.get() + " events");
        Exception error = failure.get();
        if (error != null) {
            System.err.println("SensorSimulator: sending to topic " + options.topic() + " failed after "
                    + acknowledged.get() + " acknowledged events: " + error.getClass().getSimpleName() + ": "
                    + String.valueOf(error.getMessage()).lines().findFirst().orElse(""));
            return 1;
        }
        return 0;
    }

    /** Sleeps in short slices so that a stop request is seen promptly even at a low rate. */
    private void pause(long nanos) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        for (long left = nanos; left > 0 && !stopping; left = until - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
        }
    }

    private static Properties producerConfig(String bootstrap) {
        return SourceProducers.reliable(bootstrap, "strata-sensor-simulator", 10);
    }
}
