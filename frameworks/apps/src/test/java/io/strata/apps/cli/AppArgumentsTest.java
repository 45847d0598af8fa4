package io.strata.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * The words of {@code strata app}: the command names are a contract, and a wrong argument is a usage
 * error (exit 2) found before anything reaches the API (this context fails any call to the API).
 */
class AppArgumentsTest {

    /** A CLI context with no cluster: a command that tries to reach the API fails the test. */
    static final class NoApi implements CliContext {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        @Override
        public PrintStream out() {
            return new PrintStream(out, true, StandardCharsets.UTF_8);
        }

        @Override
        public PrintStream err() {
            return out();
        }

        @Override
        public Path home() {
            return Path.of("/nonexistent");
        }

        @Override
        public ApiClient api() {
            throw new AssertionError("the command reached the API, though its arguments are wrong");
        }

        @Override
        public boolean clusterRunning() {
            return false;
        }

        @Override
        public int run(PrintStream out, String... args) {
            throw new AssertionError("no other command is run");
        }
    }

    @TempDir
    Path dir;

    final NoApi context = new NoApi();

    /** Parses {@code app ARGS...} and returns the command they name, ready to run. */
    Callable<?> parse(String... args) {
        CommandLine app = new CommandLine(new AppCommand(context));
        CommandLine.ParseResult result = app.parseArgs(args);
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return (Callable<?>) result.commandSpec().userObject();
    }

    @Test
    void theCommandsAreTheIssues() {
        assertThat(new CommandLine(new AppCommand(context)).getSubcommands().keySet()).containsExactly("create",
                "update", "status", "list", "scale", "restart", "versions", "rollback", "delete", "pause", "resume",
                "abort");
    }

    @Test
    void optionsAreReadIntoTheirCommands() {
        var scale = (AppChangeCommands.Scale) parse("scale", "web", "--instances", "5", "--wait", "--timeout", "90s");
        assertThat(scale.name).isEqualTo("web");
        assertThat(scale.instances).isEqualTo(5);
        assertThat(scale.wait.await).isTrue();
        assertThat(scale.wait.timeout().getSeconds()).isEqualTo(90);

        var rollback = (AppChangeCommands.Rollback) parse("rollback", "web", "--to", "1");
        assertThat(rollback.to).isEqualTo(1);
        assertThat(((AppChangeCommands.Rollback) parse("rollback", "web")).to).isNull();

        var delete = (AppChangeCommands.Delete) parse("delete", "web", "--grace", "0s");
        assertThat(delete.grace).isEqualTo("0s");

        assertThat(((AppViewCommands.Status) parse("status", "web", "--json")).json).isTrue();
        assertThat(((AppViewCommands.Versions) parse("versions", "web", "--json")).json).isTrue();
        assertThat(((AppViewCommands.ListAll) parse("list")).json).isFalse();
        assertThat(((AppFileCommands.Update) parse("update", "web.yaml", "--wait")).wait.timeout().toMinutes())
                .as("the default timeout").isEqualTo(10);
    }

    @Test
    void scaleNeedsAWholeNumberOfInstancesZeroOrMore() {
        assertThatThrownBy(() -> parse("scale", "web")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("--instances");
        assertThatThrownBy(() -> parse("scale", "web", "--instances", "two")).isInstanceOf(ParameterException.class)
                .hasMessageContaining("'two' is not an int");
        assertThatThrownBy(() -> parse("scale", "web", "--instances", "-1").call())
                .isInstanceOf(ParameterException.class).hasMessage("--instances must be 0 or more, got -1");
    }

    @Test
    void aTimeoutIsADurationAndGoesWithWait() {
        assertThatThrownBy(() -> parse("restart", "web", "--timeout", "5m").call())
                .isInstanceOf(ParameterException.class).hasMessage("--timeout goes with --wait");
        assertThatThrownBy(() -> parse("restart", "web", "--wait", "--timeout", "5").call())
                .isInstanceOf(ParameterException.class)
                .hasMessage("--timeout must be a duration above 0 such as 500ms, 90s, 10m or 1h, got '5'");
    }

    @Test
    void graceIsADurationZeroAllowed() {
        assertThatThrownBy(() -> parse("delete", "web", "--grace", "soon").call())
                .isInstanceOf(ParameterException.class)
                .hasMessage("--grace must be a duration such as 500ms, 90s, 10m or 1h, got 'soon'");
    }

    @Test
    void rollbackNamesAVersionFromOne() {
        assertThatThrownBy(() -> parse("rollback", "web", "--to", "0").call())
                .isInstanceOf(ParameterException.class).hasMessage("--to must be greater than 0, got 0");
    }

    @Test
    void aBadFileIsRefusedByCreateAndUpdateBeforeAnythingIsSent() throws IOException {
        Path file = Files.writeString(dir.resolve("web.yaml"), "name: web\ncommand: [sleep, 100]\ninstances: lots\n");
        for (String command : new String[] {"create", "update"}) {
            CliFailure refused = catchThrowableOfType(() -> parse(command, file.toString(), "--wait").call(),
                    CliFailure.class);

            assertThat(refused.exitCode()).as(command).isEqualTo(CliFailure.USAGE);
            assertThat(refused).as(command).hasMessage("The app file has a problem; nothing was sent:\n  " + file
                    + ":3:12: instances: must be a whole number, got 'lots'");
        }
    }

    @Test
    void everyCommandHasHelp() {
        CommandLine app = new CommandLine(new AppCommand(context));
        for (String command : app.getSubcommands().keySet()) {
            String help = app.getSubcommands().get(command).getUsageMessage();
            assertThat(help).as(command).startsWith("Usage: app " + command);
        }
        assertThat(app.getSubcommands().get("scale").getUsageMessage()).contains("--instances=N", "--wait",
                "--timeout=DURATION");
        assertThat(app.getSubcommands().get("delete").getUsageMessage()).contains("--grace=DURATION");
    }
}
