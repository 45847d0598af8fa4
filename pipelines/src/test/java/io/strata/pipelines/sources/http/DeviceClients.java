package io.strata.pipelines.sources.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Devices posting to HttpIngest at once: each client sends singles, JSON batches and NDJSON
 * batches, and between them requests that must be refused (malformed, a missing field, not an
 * object, too large, too many events, wrong content type). Every event has a unique id.
 */
final class DeviceClients {

    static final String TOKEN = "device-token";
    static final int MAX_BODY = 65_536;
    private static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");

    /** The ingest endpoint's base URL, and a client for it. */
    record Target(String base) {
        static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> post(String type, String body) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/events")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", type).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * @param acknowledged id → the event's JSON, for every event of a request answered 200
     * @param refusedIds   ids of every event of a refused request
     */
    record Outcome(Map<String, String> acknowledged, Set<String> refusedIds, Map<Integer, Integer> refusedByStatus,
                   List<String> unexpected, int requests, long nanos) {

        String summary() {
            double seconds = nanos / 1e9;
            return String.format("requests=%d acknowledged_events=%d in %.1f s = %.0f events/s; refused %s (events %d)",
                    requests, acknowledged.size(), seconds, acknowledged.size() / seconds, refusedByStatus, refusedIds.size());
        }
    }

    /** One request and what it deserves. */
    private record Request(String type, String body, List<String> ids, List<String> jsons, int status, String reason) {
    }

    private final Target target;
    private final int clients;
    private final int requestsPerClient;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Set<String> refusedIds = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Integer> refusedByStatus = new ConcurrentHashMap<>();
    private final List<String> unexpected = Collections.synchronizedList(new ArrayList<>());

    DeviceClients(Target target, int clients, int requestsPerClient) {
        this.target = target;
        this.clients = clients;
        this.requestsPerClient = requestsPerClient;
    }

    static String eventId(String json) {
        Matcher m = ID.matcher(json);
        return m.find() ? m.group(1) : json;
    }

    /** The device (and Kafka key) of an event id {@code c<client>-r<request>-e<event>}. */
    static String deviceOf(String id) {
        String[] parts = id.split("-");
        return "dev-" + parts[0] + "-" + Integer.parseInt(parts[2].substring(1)) % 5;
    }

    static String event(String id, int seq) {
        String device = id.startsWith("bad-") ? "dev-bad" : deviceOf(id);
        return "{\"deviceId\":\"" + device + "\",\"id\":\"" + id + "\",\"seq\":" + seq + ",\"temp\":" + (200 + seq % 50) + "}";
    }

    Outcome run() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < requestsPerClient; r++) {
                        send(request(client, r));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(Map.copyOf(acknowledged), Set.copyOf(refusedIds), new TreeMap<>(refusedByStatus),
                List.copyOf(unexpected), clients * requestsPerClient, System.nanoTime() - start);
    }

    private void send(Request q) throws Exception {
        HttpResponse<String> a = target.post(q.type, q.body);
        if (a.statusCode() != q.status || !a.body().contains(q.reason)) {
            unexpected.add(q.ids.get(0) + ": wanted " + q.status + " with '" + q.reason + "', got " + a.statusCode() + " " + a.body());
        }
        if (a.statusCode() == 200) {
            for (int i = 0; i < q.ids.size(); i++) {
                if (acknowledged.put(q.ids.get(i), q.jsons.get(i)) != null) {
                    unexpected.add(q.ids.get(i) + " acknowledged twice");
                }
            }
        } else {
            refusedIds.addAll(q.ids);
            refusedByStatus.merge(a.statusCode(), 1, Integer::sum);
        }
    }

    private static Request request(int client, int r) {
        String good = "c" + client + "-r" + r + "-e";
        String bad = "bad-" + good;
        return switch (r % 8) {
            case 0 -> batch("application/json", good, 1, false, 200, "{\"accepted\":1}");
            case 1, 2 -> {
                int n = 1 + (r * 37 + client) % 200;
                yield batch("application/json", good, n, true, 200, "{\"accepted\":" + n + "}");
            }
            case 3, 4 -> {
                int n = 1 + (r * 53 + client) % 150;
                yield batch("application/x-ndjson", good, n, true, 200, "{\"accepted\":" + n + "}");
            }
            case 5 -> refusedForItsContent(bad, r / 8 % 3);
            case 6 -> r / 8 % 2 == 0 ? batch("application/json", bad, 1200, true, 413, "larger than the limit of 65536 bytes")
                    : batch("application/json", bad, 501, true, 413, "more than 500 events in one request");
            default -> batch("text/plain", bad, 3, false, 415, "Content-Type text/plain is not supported");
        };
    }

    private static Request refusedForItsContent(String bad, int kind) {
        Request batch = batch("application/json", bad, 20, true, 400, "");
        String body = switch (kind) {
            case 0 -> batch.body.replace("\"seq\":12,", "\"seq\":12");
            case 1 -> batch.body.replace(",\"seq\":7,", ",");
            default -> batch.body.replace("]", ",42]");
        };
        String reason = switch (kind) {
            case 0 -> "event 12: malformed JSON";
            case 1 -> "event 7: field 'seq' is missing";
            default -> "event 20: is a number, not a JSON object";
        };
        return new Request(batch.type, body, batch.ids, batch.jsons, 400, reason);
    }

    private static Request batch(String type, String prefix, int n, boolean array, int status, String reason) {
        List<String> ids = new ArrayList<>();
        List<String> jsons = new ArrayList<>();
        for (int e = 0; e < n; e++) {
            ids.add(prefix + e);
            jsons.add(event(prefix + e, e));
        }
        String body = type.equals("application/x-ndjson") ? String.join("\n", jsons) + "\n"
                : array ? "[" + String.join(",", jsons) + "]" : String.join("\n", jsons);
        return new Request(type, body, ids, jsons, status, reason);
    }
}
