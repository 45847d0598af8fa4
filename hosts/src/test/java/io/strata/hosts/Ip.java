package io.strata.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip} in the root namespace; a failure names the command and what it printed. */
final class Ip {

    private Ip() {
    }

    /** Runs {@code ip ARGS}, returns its stdout, throws {@link IllegalStateException} when it fails. */
    static String run(String... args) {
        Result r = tryRun(args);
        if (r.exitCode != 0) {
            throw new IllegalStateException("'ip " + String.join(" ", args) + "' failed (exit " + r.exitCode + "): "
                    + r.stderr.strip());
        }
        return r.stdout;
    }

    /** Runs {@code ip ARGS} and returns what happened, failing only if ip cannot be started at all. */
    static Result tryRun(String... args) {
        List<String> command = new ArrayList<>();
        command.add("ip");
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).start();
            p.getOutputStream().close();
            // ip prints a few lines at most, so reading one stream after the other cannot block it.
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' did not finish in 30 s");
            }
            return new Result(p.exitValue(), out, err);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run 'ip' (" + e.getMessage()
                    + "): the host harness needs iproute2 ('apt-get install iproute2'; .ci/run installs it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
    }
}
