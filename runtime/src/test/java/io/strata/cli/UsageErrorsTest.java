package io.strata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UsageErrorsTest {

    @TempDir
    Path home;

    @Test
    void unknownFlagIsAUsageErrorOnOneLineWithAHint() {
        StrataCli run = StrataCli.run(home, "up", "--cpu", "2");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Unknown option '--cpu'. Did you mean '--cpus'? Try 'strata up --help'.\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void misspelledCommandSuggestsTheRightOne() {
        StrataCli run = StrataCli.run(home, "stauts");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Unexpected argument 'stauts'. Did you mean 'status'? Try 'strata --help'.\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "up --cpus 0                                 | --cpus must be greater than 0, got 0. Try 'strata up --help'.",
        "up --cpus -1                                | --cpus must be greater than 0, got -1. Try 'strata up --help'.",
        "up --mem -5                                 | --mem must be greater than 0, got -5. Try 'strata up --help'.",
        "up --agents 0                               | --agents must be greater than 0, got 0. Try 'strata up --help'.",
        "task run --cpus 0 --mem 64 -- true          | --cpus must be greater than 0, got 0. Try 'strata task run --help'.",
        "task run --cpus -1 --mem 64 -- true         | --cpus must be greater than 0, got -1. Try 'strata task run --help'.",
        "task run --cpus 0.5 --mem 0 -- true         | --mem must be greater than 0, got 0. Try 'strata task run --help'.",
        "task run --cpus 0.5 --mem 64 --disk -1 -- x | --disk must be 0 or more, got -1. Try 'strata task run --help'.",
        "agent --join 10.0.0.5:25520 --cpus -0.5     | --cpus must be greater than 0, got -0.5. Try 'strata agent --help'.",
    })
    void nonPositiveResourcesAreUsageErrorsNamingTheFlag(String args, String message) {
        StrataCli run = StrataCli.run(home, args.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo(message + "\n");
    }

    @Test
    void taskRunWithoutACommandAfterTheDoubleDashIsAUsageError() {
        StrataCli run = StrataCli.run(home, "task", "run", "--cpus", "0.5", "--mem", "64", "--");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("Missing the command to run after '--'").endsWith("Try 'strata task run --help'.\n");
    }

    @Test
    void taskRunWithoutRequiredResourcesNamesThem() {
        StrataCli run = StrataCli.run(home, "task", "run", "--", "echo", "hi");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Missing required options: '--cpus=C', '--mem=MB'. Try 'strata task run --help'.\n");
    }

    @Test
    void environmentEntriesMustBeKeyValue() {
        StrataCli run = StrataCli.run(home, "task", "run", "--cpus", "1", "--mem", "64", "--env", "FOO", "--", "env");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("--env must be KEY=VALUE, got 'FOO'. Try 'strata task run --help'.\n");
    }

    @Test
    void notANumberIsAUsageError() {
        StrataCli run = StrataCli.run(home, "task", "run", "--cpus", "lots", "--mem", "64", "--", "true");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Invalid value for option '--cpus': 'lots' is not a double. "
                + "Try 'strata task run --help'.\n");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "agent --join nohost                     | --join must be HOST:PORT",
        "agent --join 10.0.0.5:99999             | --join must be HOST:PORT",
        "agent --join 10.0.0.5:25520,nohost      | --join must be HOST:PORT",
        "agent --join ,                          | --join needs at least one HOST:PORT",
        "master --masters 0                      | --masters must be between 1 and 99",
        "agent --join 10.0.0.5:25520 --ports 9-x | --ports must be ranges like 31000-32000",
        "master --seed 10.0.0.5                  | --seed must be HOST:PORT",
        "master --api-port 70000                 | --api-port must be a TCP port",
    })
    void clusterAddressesAreValidatedBeforeStarting(String args, String message) {
        StrataCli run = StrataCli.run(home, args.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(message).doesNotContain("\tat ");
    }

    @Test
    void taskKillWithoutAClusterSaysSoAndHowToStartOne() {
        StrataCli run = StrataCli.run(home, "task", "kill", "t-1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("No Strata cluster is running at " + home.toAbsolutePath().normalize()
                + ". Start one with 'strata up'.\n");
    }

    @Test
    void debugAddsTheStackTrace() {
        StrataCli run = StrataCli.run(home, "--debug", "task", "list");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("\tat io.strata.cli.").endsWith("Start one with 'strata up'.\n");
    }

    @Test
    void homeOptionWinsOverTheEnvironment() {
        Path other = home.resolve("other");

        StrataCli run = StrataCli.run(home, "status", "--home", other.toString());

        assertThat(run.err()).contains("No Strata cluster is running at " + other + ".");
    }

    @Test
    void versionIsPrinted() {
        StrataCli run = StrataCli.run(home, "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("strata ");
    }

    @Test
    void everyCommandHasHelp() {
        for (List<String> command : StrataCli.commands()) {
            List<String> args = new ArrayList<>(command.subList(1, command.size()));
            args.add("--help");

            StrataCli run = StrataCli.run(home, args.toArray(String[]::new));

            assertThat(run.exitCode()).as("exit code of %s", args).isZero();
            assertThat(run.out()).as("help of %s", args).startsWith("Usage: " + String.join(" ", command));
        }
    }

    @Test
    void bareStrataShowsTheCommandsAndIsAUsageError() {
        StrataCli run = StrataCli.run(home);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Usage: strata").contains("up").contains("task");
    }
}
