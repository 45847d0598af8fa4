package io.strata.pipelines.sources.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one handler of HttpIngest's server: gate, bounded read, parse, send, and answer 200 only
 * once Kafka acknowledged every event of the request.
 */
final class IngestHandler implements HttpHandler {

    static final String RETRY_AFTER_SECONDS = "5";

    private final IngestOptions options;
    private final RequestGate gate;
    private final EventParser parser;
    private final Producer<String, String> producer;
    final AtomicLong accepted = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong unavailable = new AtomicLong();
    private final AtomicBoolean kafkaFailing = new AtomicBoolean();

    IngestHandler(IngestOptions options, Producer<String, String> producer) {
        this.options = options;
        this.gate = new RequestGate(options);
        this.parser = new EventParser(options.required(), options.keyField(), options.maxEvents());
        this.producer = producer;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            RequestGate.Decision decision = gate.decide(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), declaredLength(length));
            Answer answer;
            if (decision instanceof RequestGate.Refuse r) {
                answer = refuse(r.answer(), exchange.getRequestBody());
            } else if (decision instanceof RequestGate.Ingest i) {
                answer = ingest(i.format(), exchange.getRequestBody());
            } else {
                answer = health();
            }
            respond(exchange, answer);
        }
    }

    private static long declaredLength(String header) {
        try {
            return header == null ? -1 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Answer refuse(Answer answer, InputStream body) throws IOException {
        if (answer.status() == 413) {
            BoundedBody.drain(body);
        }
        refused.incrementAndGet();
        return answer;
    }

    private Answer health() {
        return new Answer(200, Answer.JSON.createObjectNode().put("status", "ok").put("topic", options.topic())
                .put("accepted", accepted.get()).put("refused", refused.get()).put("unavailable", unavailable.get())
                .toString(), Map.of());
    }

    private Answer ingest(RequestGate.Format format, InputStream in) throws IOException {
        BoundedBody.Body body = BoundedBody.read(in, options.maxBodyBytes());
        if (body == null) {
            refused.incrementAndGet();
            return RequestGate.tooLarge(options.maxBodyBytes());
        }
        EventParser.Result parsed = parser.parse(format, body.bytes(), body.length());
        if (parsed instanceof EventParser.Refused r) {
            refused.incrementAndGet();
            return r.answer();
        }
        List<EventParser.Event> events = ((EventParser.Events) parsed).events();
        String failure = send(events);
        if (failure != null) {
            unavailable.incrementAndGet();
            if (kafkaFailing.compareAndSet(false, true)) {
                System.out.println("http-ingest kafka unavailable: " + failure);
            }
            return Answer.error(503, "Kafka did not acknowledge the " + events.size() + " event(s): " + failure
                    + "; nothing of this request is acknowledged, retry later", Map.of("Retry-After", RETRY_AFTER_SECONDS));
        }
        if (kafkaFailing.compareAndSet(true, false)) {
            System.out.println("http-ingest kafka available again");
        }
        accepted.addAndGet(events.size());
        return Answer.accepted(events.size());
    }

    /** Sends every event and waits for every acknowledgement; returns null, or why not all came. */
    private String send(List<EventParser.Event> events) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(options.ackTimeoutMs());
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        try {
            for (EventParser.Event e : events) {
                acks.add(producer.send(new ProducerRecord<>(options.topic(), e.key(), e.json())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            return null;
        } catch (TimeoutException e) {
            return "no acknowledgement within " + options.ackTimeoutMs() + " ms";
        } catch (ExecutionException e) {
            return oneLine(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while waiting for Kafka";
        } catch (RuntimeException e) {
            // send() itself failed, e.g. the topic's metadata did not arrive within max.block.ms
            return oneLine(e);
        }
    }

    private static String oneLine(Throwable e) {
        String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + ": " + (first.endsWith(".") ? first.substring(0, first.length() - 1) : first);
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(answer.status(), head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
