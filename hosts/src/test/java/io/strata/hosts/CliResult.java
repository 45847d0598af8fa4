package io.strata.hosts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What a {@code strata} command run on a host printed and returned. */
public record CliResult(int exitCode, String stdout, String stderr) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    public boolean ok() {
        return exitCode == 0;
    }

    /** Itself when the command succeeded; otherwise an error with everything it printed. */
    public CliResult assertOk() {
        if (!ok()) {
            throw new AssertionError("strata exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr);
        }
        return this;
    }

    /** Its stdout as JSON (for --json commands). */
    public JsonNode json() {
        try {
            return MAPPER.readTree(stdout);
        } catch (Exception e) {
            throw new AssertionError("not JSON (" + e.getMessage() + "):\n" + stdout + "\nstderr:\n" + stderr, e);
        }
    }
}
