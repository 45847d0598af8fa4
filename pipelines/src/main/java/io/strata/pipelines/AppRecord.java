package io.strata.pipelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One app of a pipeline as saved with it: an entry of the file's {@code apps}, or an mqtt or http
 * source (which runs as an app).
 *
 * @param name            its name in the cluster: {@code <pipeline>-<key>}
 * @param source          whether it is a source (mqtt, http) rather than an entry of {@code apps}
 * @param created         the apps API accepted it
 * @param state           the app's state as the apps API says it (RUNNING, DEPLOYING, DELETING, SUSPENDED), PENDING
 *                        before it is created, GONE once deleted
 * @param endpoints       host:port of its HEALTHY instances (first declared port)
 * @param endpointsByPort the same by port name
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record AppRecord(String key, String name, boolean source, boolean created, String state, int wanted, int healthy,
                 String reason, List<String> endpoints, Map<String, List<String>> endpointsByPort, boolean deleted) {

    static final String PENDING = "PENDING";
    static final String RUNNING = "RUNNING";
    static final String DELETING = "DELETING";
    static final String GONE = "GONE";

    AppRecord {
        state = state == null ? PENDING : state;
        reason = reason == null ? "" : reason;
        endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        endpointsByPort = endpointsByPort == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(endpointsByPort));
    }

    static AppRecord of(String key, String pipeline, boolean source) {
        return new AppRecord(key, pipeline + "-" + key, source, false, PENDING, 0, 0, "", List.of(), Map.of(), false);
    }

    /** Every wanted instance healthy: what refers to its endpoints may start. */
    boolean ready() {
        return created && !deleted && RUNNING.equals(state) && healthy >= wanted && !endpoints.isEmpty();
    }

    AppRecord createdNow() {
        return new AppRecord(key, name, source, true, "DEPLOYING", wanted, healthy, "created", endpoints,
                endpointsByPort, deleted);
    }

    AppRecord seen(String s, int wantedNow, int healthyNow, String why, List<String> at,
                   Map<String, List<String>> byPort) {
        return new AppRecord(key, name, source, created, s, wantedNow, healthyNow, why, at, byPort, deleted);
    }

    AppRecord withState(String s) {
        return seen(s, wanted, healthy, reason, endpoints, endpointsByPort);
    }

    AppRecord withReason(String why) {
        return seen(state, wanted, healthy, why, endpoints, endpointsByPort);
    }

    AppRecord deletedNow() {
        return new AppRecord(key, name, source, created, GONE, wanted, 0, "deleted", List.of(), Map.of(), true);
    }

    /** What {@code ${key.endpoints}} and {@code ${key.endpoints.<port>}} resolve to (host:port lists, comma-joined). */
    Map<String, String> references() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(key + ".endpoints", String.join(",", endpoints));
        endpointsByPort.forEach((port, at) -> v.put(key + ".endpoints." + port, String.join(",", at)));
        return v;
    }
}
