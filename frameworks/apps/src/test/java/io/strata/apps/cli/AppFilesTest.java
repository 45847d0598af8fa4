package io.strata.apps.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.cli.spi.CliFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An app file is read and checked on the user's machine; a bad one is refused with every problem at its place. */
class AppFilesTest {

    static final Path SAMPLE = Path.of("..", "..", "samples", "apps", "web.yaml").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theSampleIsTheIssuesWebAppAndIsSentAsWritten() throws IOException {
        AppFiles.Checked checked = AppFiles.read(SAMPLE);

        assertThat(checked.app().name()).isEqualTo("web");
        assertThat(checked.app().instances()).isEqualTo(3);
        assertThat(checked.text()).isEqualTo(Files.readString(SAMPLE));
        assertThat(checked.contentType()).isEqualTo("application/yaml");
    }

    @Test
    void aJsonFileIsSentAsJson() throws IOException {
        Path file = Files.writeString(dir.resolve("app.txt"), "{\"name\": \"web\", \"command\": \"sleep 1000\"}");

        assertThat(AppFiles.read(file).contentType()).isEqualTo("application/json");
    }

    @Test
    void everyProblemIsNamedWithItsFileLineColumnAndField() throws IOException {
        Path file = Files.writeString(dir.resolve("web.yaml"), """
                name: web
                command: [python3, -m, http.server, "${PORT_HTTP}"]
                instances: -1
                mem: 64x
                ports: [{name: http}]
                healthCheck: {type: http, port: htp, path: /}
                constraints: [uniq]
                colour: blue
                """);

        CliFailure refused = catchThrowableOfType(() -> AppFiles.read(file), CliFailure.class);

        assertThat(refused.exitCode()).isEqualTo(CliFailure.USAGE);
        assertThat(refused.getMessage()).isEqualTo("The app file has 5 problems; nothing was sent:\n"
                + "  " + file + ":3:12: instances: must be between 0 and 1000, got -1\n"
                + "  " + file + ":4:6: mem: '64x' is not a size; use megabytes (768) or a number with m or g"
                + " (768m, 1g, 1.5g)\n"
                + "  " + file + ":6:33: healthCheck.port: 'htp' is not a port of the app; its ports are http\n"
                + "  " + file + ":7:15: constraints[0]: unknown constraint 'uniq'; use unique, maxPerAgent:N,"
                + " attribute:KEY=VALUE or attribute:KEY~REGEX\n"
                + "  " + file + ":8:1: unknown key 'colour'; known keys: name, command, args, instances, cpus, mem,"
                + " disk, env, ports, artifacts, healthCheck, constraints, upgrade, backoff, maxBackoff,"
                + " killGracePeriod, group, user, sticky");
    }

    @Test
    void oneProblemIsSaidInTheSingular() throws IOException {
        Path file = Files.writeString(dir.resolve("web.yaml"), "name: web\ncommand: [a, {b: c\n");

        assertThatThrownBy(() -> AppFiles.read(file)).isInstanceOf(CliFailure.class)
                .hasMessageStartingWith("The app file has a problem; nothing was sent:\n  " + file + ":3:1: not valid"
                        + " YAML: expected ',' or '}'");
    }

    @Test
    void anEmptyFileNeedsNameAndCommand() throws IOException {
        Path file = Files.writeString(dir.resolve("web.yaml"), "");

        assertThatThrownBy(() -> AppFiles.read(file)).hasMessage("The app file has a problem; nothing was sent:\n  "
                + file + ": the file is empty; an app file needs at least name and command");
    }

    @Test
    void aMissingFileIsAUsageError() {
        CliFailure refused = catchThrowableOfType(() -> AppFiles.read(dir.resolve("nope.yaml")), CliFailure.class);

        assertThat(refused.exitCode()).isEqualTo(CliFailure.USAGE);
        assertThat(refused).hasMessage("App file " + dir.resolve("nope.yaml") + " does not exist.");
    }

    @Test
    void aDirectoryIsNotAFile() {
        assertThatThrownBy(() -> AppFiles.read(dir)).hasMessage("App file " + dir + " is not a readable file.");
    }
}
