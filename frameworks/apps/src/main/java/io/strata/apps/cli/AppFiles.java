package io.strata.apps.cli;

import io.strata.apps.AppDefinition;
import io.strata.apps.AppFile;
import io.strata.apps.AppFileException;
import io.strata.cli.spi.CliFailure;
import io.strata.spec.Problem;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reading an app file on the user's machine: checked with {@link AppFile} before anything is sent, so a
 * bad file is refused (exit 2) with every problem at its line and column; a good one is sent as written.
 */
final class AppFiles {

    /** A file that passed the checks: its text as written, and what it defines. */
    record Checked(Path file, String text, AppDefinition app) {

        /** JSON for a {@code .json} file or one that starts with '{', YAML otherwise. */
        String contentType() {
            return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")
                    || text.stripLeading().startsWith("{") ? "application/json" : "application/yaml";
        }
    }

    private AppFiles() {
    }

    /** The checked file, or a usage failure (exit 2) listing every problem as {@code FILE:LINE:COLUMN: field: message}. */
    static Checked read(Path file) {
        if (!Files.exists(file)) {
            throw new CliFailure(CliFailure.USAGE, "App file " + file + " does not exist.");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliFailure(CliFailure.USAGE, "App file " + file + " is not a readable file.");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new CliFailure(CliFailure.USAGE, "App file " + file + " is not UTF-8 text; save it as UTF-8.");
        } catch (IOException e) {
            throw CliFailure.failure("Cannot read app file " + file + " (" + e.getMessage() + ").");
        }
        return check(file, text);
    }

    /** The checked text of {@code file}, or a usage failure naming every problem. */
    static Checked check(Path file, String text) {
        try {
            return new Checked(file, text, AppFile.parse(file.toString(), text));
        } catch (AppFileException e) {
            throw refused(e.problems());
        }
    }

    static CliFailure refused(List<Problem> problems) {
        int n = problems.size();
        return new CliFailure(CliFailure.USAGE, (n == 1 ? "The app file has a problem; nothing was sent:\n  "
                : "The app file has " + n + " problems; nothing was sent:\n  ")
                + String.join("\n  ", problems.stream().map(Problem::toString).toList()));
    }
}
