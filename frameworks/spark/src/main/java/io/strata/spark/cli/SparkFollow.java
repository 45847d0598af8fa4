package io.strata.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiError;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Follow;
import io.strata.cli.spi.Sentences;
import java.io.PrintStream;
import java.time.Duration;

/** Follows a submission: prints its state changes and its driver's output until the driver ends. */
final class SparkFollow {

    private static final Duration POLL = Duration.ofMillis(500);

    private final ApiClient api;
    private final String id;
    private final PrintStream out;
    private final PrintStream err;
    private final Follow changes = new Follow();
    private long offset;
    private String taskId;

    private SparkFollow(ApiClient api, String id, PrintStream out, PrintStream err) {
        this.api = api;
        this.id = id;
        this.out = out;
        this.err = err;
    }

    /** Returns 0 when the driver finished, 1 otherwise (with the reason printed). */
    static int untilEnd(ApiClient api, String id, PrintStream out, PrintStream err) {
        JsonNode s = Follow.until(POLL, Follow.throughUnavailable(new SparkFollow(api, id, out, err)::step),
                submission -> SparkCommand.isTerminal(submission.path("state").asText()));
        String state = s.path("state").asText();
        if (state.equals("FINISHED")) {
            return 0;
        }
        err.println(Sentences.of("The driver of " + id + " ended " + state + ": " + s.path("reason").asText()));
        return CliFailure.FAILURE;
    }

    private JsonNode step() {
        JsonNode s = SparkCommand.submission(api, id);
        String state = s.path("state").asText();
        if (changes.changed(id, state)) {
            err.println(id + " " + state + (s.path("reason").asText("").isEmpty() ? "" : ": " + s.path("reason").asText()));
        }
        if (!state.equals("QUEUED") && !state.equals("STAGING")) {
            drain(s.path("driverTaskId").asText());
        }
        return s;
    }

    /** Prints the driver's new output; the offset moves with every chunk, so nothing prints twice. */
    private void drain(String driverTaskId) {
        if (!driverTaskId.equals(taskId)) {
            // a supervised driver's next run is a new task with its own output
            taskId = driverTaskId;
            offset = 0;
        }
        while (true) {
            ApiClient.LogChunk chunk;
            try {
                chunk = api.logs(driverTaskId, "stdout", offset);
            } catch (ApiError notYet) {
                // the driver's sandbox is not there yet (or not now); the rest is read on the next step
                return;
            }
            out.write(chunk.data(), 0, chunk.data().length);
            out.flush();
            offset = chunk.nextOffset();
            if (chunk.data().length == 0) {
                return;
            }
        }
    }
}
