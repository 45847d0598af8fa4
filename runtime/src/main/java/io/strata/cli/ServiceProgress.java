package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Follows a service's status until a condition holds, printing one line whenever a pod's state or
 * reason changes, so that long operations (create, restart, delete) show progress.
 */
final class ServiceProgress {

    private ServiceProgress() {
    }

    /**
     * Polls {@code path} until {@code done} holds (or the service is gone when {@code goneIsDone}).
     *
     * @param podsField the status field listing pods, e.g. "brokers"
     */
    static JsonNode follow(ApiClient api, PrintStream out, String path, String podsField, Duration deadline,
                           Predicate<JsonNode> done, boolean goneIsDone) {
        Map<String, String> last = new HashMap<>();
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            JsonNode s;
            try {
                s = api.get(path);
            } catch (ApiError e) {
                if (goneIsDone && e.status() == 404) {
                    return null;
                }
                throw e;
            }
            for (JsonNode pod : s.path(podsField)) {
                String key = pod.path("id").asText();
                String line = pod.path("state").asText() + (pod.path("agentId").isTextual()
                        ? " on " + pod.path("agentId").asText() : "") + " - " + pod.path("reason").asText();
                if (!line.equals(last.put(key, line))) {
                    out.println("  " + podsField.replaceAll("s$", "") + " " + key + ": " + line);
                }
            }
            if (done.test(s)) {
                return s;
            }
            if (System.nanoTime() > end) {
                throw CliFailure.failure("Still " + s.path("state").asText() + " after " + deadline.toSeconds()
                        + " s (" + s.path("reason").asText() + "); it goes on in the background, see 'strata "
                        + path.replaceFirst("^/api/v1/", "").replace('/', ' ').replaceFirst(" ", " status ") + "'.");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1000));
        }
    }
}
