package io.strata.pipelines.sources.http;

import io.strata.pipelines.sources.SourceProducers;
import com.sun.net.httpserver.HttpServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP device-ingestion source: an endpoint that takes JSON events, singly, as an array or
 * as NDJSON, and answers 200 only once Kafka acknowledged every one of them. A separate OS
 * process that Strata runs as an app; flags, answers and output are in OPTIONS.md beside this file.
 */
public final class HttpIngest implements AutoCloseable {

    private static final long PROGRESS_SECONDS = 10;

    private final IngestOptions options;
    private final Producer<String, String> producer;
    private final IngestHandler handler;
    private final HttpServer server;
    private final ExecutorService requests;
    private final ScheduledExecutorService progress;
    private String lastProgress = "";

    private HttpIngest(IngestOptions options) throws IOException {
        this.options = options;
        this.producer = new KafkaProducer<>(producerConfig(options));
        this.handler = new IngestHandler(options, producer);
        try {
            this.server = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 256);
        } catch (IOException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        this.requests = Executors.newFixedThreadPool(options.threads());
        server.setExecutor(requests);
        server.createContext("/", handler);
        server.start();
        this.progress = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "http-ingest-progress");
            t.setDaemon(true);
            return t;
        });
        progress.scheduleAtFixedRate(this::printProgressIfChanged, PROGRESS_SECONDS, PROGRESS_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts listening; the ready line is printed by {@link #main}. */
    static HttpIngest start(IngestOptions options) throws IOException {
        return new HttpIngest(options);
    }

    int port() {
        return server.getAddress().getPort();
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println("usage: HttpIngest " + IngestOptions.USAGE);
            return;
        }
        IngestOptions options;
        try {
            options = IngestOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("HttpIngest: " + e.getMessage() + "; usage: HttpIngest " + IngestOptions.USAGE);
            System.exit(2);
            return;
        }
        HttpIngest ingest;
        try {
            ingest = start(options);
        } catch (IOException e) {
            System.err.println("HttpIngest: cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(ingest::close, "http-ingest-stop"));
        System.out.println("http-ingest listening on " + options.host() + ":" + ingest.port() + " path=" + options.path()
                + " topic=" + options.topic());
    }

    private String counters() {
        return "http-ingest accepted=" + handler.accepted.get() + " refused=" + handler.refused.get()
                + " unavailable=" + handler.unavailable.get();
    }

    private synchronized void printProgressIfChanged() {
        String line = counters();
        if (!line.equals(lastProgress)) {
            System.out.println(line);
            lastProgress = line;
        }
    }

    /** Stops taking requests, lets those in flight finish, flushes the producer. */
    @Override
    public void close() {
        server.stop(1);
        requests.shutdown();
        try {
            requests.awaitTermination(options.ackTimeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        progress.shutdownNow();
        producer.close(Duration.ofSeconds(10));
        System.out.println(counters());
    }

    private static Properties producerConfig(IngestOptions options) {
        Properties p = SourceProducers.reliable(options.bootstrap(), "strata-http-ingest", 5);
        // A request never waits longer than its ack timeout, neither for metadata nor for acks.
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.ackTimeoutMs());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, options.ackTimeoutMs());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, options.ackTimeoutMs() + 5);
        return p;
    }
}
