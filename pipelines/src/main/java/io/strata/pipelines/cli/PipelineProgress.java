package io.strata.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.Follow;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Follows a pipeline, printing a line whenever a service, job or source changes state and the event
 * counts every few seconds, until it reaches one of {@code until} (or FAILED).
 */
final class PipelineProgress {

    private final ApiClient api;
    private final PrintStream out;
    private final Follow changes = new Follow();
    private long lastCounts;
    private String lastCountLine = "";

    private final long started = System.nanoTime();

    PipelineProgress(ApiClient api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    /** The last status; its state is one of {@code until}, FAILED (unless stopping), or the deadline passed. */
    JsonNode follow(String name, Set<String> until, Duration deadline) {
        boolean stopping = until.contains("STOPPED");
        return Follow.until(Duration.ofMillis(500), deadline, Follow.throughUnavailable(() -> {
            JsonNode s = PipelineFiles.status(api, name);
            print(s, started);
            return s;
        }), s -> until.contains(s.path("state").asText()) || (s.path("state").asText().equals("FAILED") && !stopping));
    }

    void print(JsonNode s, long startedNanos) {
        String prefix = String.format("[%5.1fs] ", (System.nanoTime() - startedNanos) / 1e9);
        change(prefix, "pipeline", s.path("name").asText(), s.path("state").asText(), s.path("reason").asText());
        for (JsonNode svc : s.path("services")) {
            String detail = svc.path("type").asText().equals("kafka") ? svc.path("bootstrap").asText("")
                    : svc.path("contactPoints").asText("");
            String state = svc.path("state").asText();
            if ("RUNNING".equals(state) && !(svc.path("topics_ready").asBoolean(false) || svc.path("schema_applied").asBoolean(false))) {
                state = "RUNNING (preparing " + (svc.path("type").asText().equals("kafka") ? "topics" : "schema") + ")";
            } else if ("RUNNING".equals(state)) {
                state = "READY";
            }
            change(prefix, svc.path("type").asText(), svc.path("name").asText(), state,
                    state.equals("READY") ? detail : svc.path("reason").asText());
        }
        for (JsonNode app : s.path("apps")) {
            String what = app.path("source").isNull() ? "app" : "source";
            String ports = PipelineCommand.ports(app);
            change(prefix, what, app.path("name").asText(), app.path("state").asText() + " (" + app.path("healthy").asInt()
                    + "/" + app.path("instances").asInt() + " healthy)", ports.isEmpty() ? app.path("reason").asText()
                    : ports);
        }
        for (JsonNode job : s.path("jobs")) {
            change(prefix, "job", job.path("name").asText(), job.path("state").asText()
                    + (job.path("executors").asInt() > 0 ? " (" + job.path("executors").asInt() + " executors)" : ""),
                    job.path("reason").asText());
        }
        for (JsonNode src : s.path("sources")) {
            if (!src.has("app")) {
                change(prefix, "source", src.path("name").asText(), src.path("state").asText(), src.path("reason").asText());
            }
        }
        long now = System.nanoTime();
        String counts = "events produced " + s.path("events_produced").asLong() + ", processed "
                + s.path("events_processed").asLong() + (s.path("events_written").isNull() ? ""
                : ", written " + s.path("events_written").asLong()) + ", lag " + s.path("lag").asLong();
        if (s.path("events_produced").asLong() > 0 && !counts.equals(lastCountLine)
                && now - lastCounts > TimeUnit.SECONDS.toNanos(5)) {
            out.println(prefix + counts);
            lastCounts = now;
            lastCountLine = counts;
        }
    }

    private void change(String prefix, String what, String name, String state, String detail) {
        if (changes.changed(what + " " + name, state)) {
            out.println(prefix + String.format("%-9s %-24s %s", what, name, state)
                    + (detail == null || detail.isBlank() ? "" : "  " + detail));
        }
    }
}
