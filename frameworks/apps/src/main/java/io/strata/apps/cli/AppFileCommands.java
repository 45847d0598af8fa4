package io.strata.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code create} and {@code update}: an app file, checked here first, then sent as written. */
final class AppFileCommands {

    private AppFileCommands() {
    }

    /** A command that reads an app file. */
    abstract static class FileCommand implements Callable<Integer> {
        @ParentCommand
        AppCommand app;
        @Parameters(paramLabel = "FILE", description = "The app file, YAML or JSON.")
        Path file;
        @Mixin
        WaitOptions wait;

        /** The checked file; nothing is sent when the options or the file are wrong. */
        AppFiles.Checked read() {
            wait.timeout();
            return AppFiles.read(file);
        }
    }

    @Command(name = "create", description = {"Create an app from its file (YAML or JSON) as version 1 and deploy it.",
            "A file with problems is refused before anything is sent, each problem as FILE:LINE:COLUMN: field: "
                    + "message (exit 2)."})
    static final class Create extends FileCommand {
        @Override
        public Integer call() {
            AppFiles.Checked checked = read();
            JsonNode s = app.api().sendText("POST", AppCommand.PATH, checked.text(), checked.contentType());
            String name = s.path("name").asText(checked.app().name());
            return app.follow(name, "Created app " + name + " (version " + s.path("version").asInt() + ", "
                    + s.path("instances_wanted").asInt() + " instances); deploying.", new DeploymentWatch(null), wait);
        }
    }

    @Command(name = "update", description = {"Deploy a new version of an app from its changed file (its name says "
            + "which app): instances are replaced under the file's upgrade policy (minHealthy, maxSurge, "
            + "progressDeadline, autoRevert).", "A file identical to the current version deploys nothing. A file with "
            + "problems is refused before anything is sent (exit 2)."})
    static final class Update extends FileCommand {
        @Override
        public Integer call() {
            AppFiles.Checked checked = read();
            String name = checked.app().name();
            JsonNode before = app.api().get(AppCommand.path(name));
            JsonNode s = app.api().sendText("PUT", AppCommand.path(name), checked.text(), checked.contentType());
            int was = before.path("version").asInt();
            int now = s.path("version").asInt();
            if (now == was && s.path("deployment").path("startedAt").equals(before.path("deployment").path("startedAt"))) {
                app.out().println("App " + name + ": the file is the same as version " + now + "; nothing to deploy.");
                return 0;
            }
            return app.follow(name, "App " + name + ": deploying version " + now + " (from version " + was + ").",
                    DeploymentWatch.from(before), wait);
        }
    }
}
