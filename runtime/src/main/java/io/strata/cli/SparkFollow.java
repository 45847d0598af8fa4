package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Follows a submission: prints its state changes and its driver's output until the driver ends. */
final class SparkFollow {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private SparkFollow() {
    }

    /** Returns 0 when the driver finished, 1 otherwise (with the reason printed). */
    static int untilEnd(ApiClient api, String id, PrintStream out, PrintStream err) {
        String lastState = "";
        long offset = 0;
        while (true) {
            JsonNode s = SparkCommand.submission(api, id);
            String state = s.path("state").asText();
            if (!state.equals(lastState)) {
                err.println(id + " " + state + (s.path("reason").asText("").isEmpty() ? "" : ": " + s.path("reason").asText()));
                lastState = state;
            }
            if (!state.equals("QUEUED") && !state.equals("STAGING")) {
                offset = drain(api, s.path("driverTaskId").asText(), offset, out);
            }
            if (SparkCommand.isTerminal(state)) {
                if (state.equals("FINISHED")) {
                    return 0;
                }
                err.println(Sentences.of("The driver of " + id + " ended " + state + ": " + s.path("reason").asText()));
                return CliFailure.FAILURE;
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                return CliFailure.FAILURE;
            }
        }
    }

    private static long drain(ApiClient api, String taskId, long offset, PrintStream out) {
        while (true) {
            ApiClient.LogChunk chunk;
            try {
                chunk = api.logs(taskId, "stdout", offset);
            } catch (ApiError e) {
                return offset;
            }
            out.write(chunk.data(), 0, chunk.data().length);
            out.flush();
            if (chunk.data().length == 0) {
                return chunk.nextOffset();
            }
            offset = chunk.nextOffset();
        }
    }
}
