package io.strata.apps.cli;

import io.strata.cli.spi.Checks;
import io.strata.spec.Numbers;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;

/** {@code --wait} and {@code --timeout}, for the commands that start or end a deployment. */
final class WaitOptions {

    static final String DEFAULT_TIMEOUT = "10m";

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--wait", description = "Follow the change, printing each step, until it is done (exit 0) "
            + "or its deployment FAILED, was REVERTED or ABORTED (exit 1, with the reason).")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "With --wait: give up waiting after this "
            + "long, e.g. 90s, 10m, 1h (default: " + DEFAULT_TIMEOUT + "); the change goes on.")
    String timeout;

    String timeoutText() {
        return timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    /** The checked timeout; a usage error when it is not a duration or given without --wait. */
    Duration timeout() {
        if (timeout != null && !await) {
            throw Checks.usage(spec, "--timeout goes with --wait");
        }
        return duration(spec, "--timeout", timeout == null ? DEFAULT_TIMEOUT : timeout, false);
    }

    /** A duration such as 90s, or a usage error naming {@code flag}. */
    static Duration duration(CommandSpec spec, String flag, String text, boolean zero) {
        Duration d = Numbers.duration(text);
        if (d == null || d.isZero() && !zero) {
            throw Checks.usage(spec, flag + " must be a duration " + (zero ? "" : "above 0 ")
                    + "such as 500ms, 90s, 10m or 1h, got '" + text + "'");
        }
        return d;
    }
}
