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

    @Command(name = "create", description = {"Create an app from its file (YAML or JSON) as version 1 and deploy it.",
            "A file with problems is refused before anything is sent, each problem as FILE:LINE:COLUMN: field: "
                    + "message (exit 2)."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        AppCommand app;
        @Parameters(paramLabel = "FILE", description = "The app file, YAML or JSON.")
        Path file;
        @Mixin
        WaitOptions wait;

        @Override
        public Integer call() {
            wait.timeout();
            AppFiles.Checked checked = AppFiles.read(file);
            JsonNode s = app.api().sendText("POST", AppCommand.PATH, checked.text(), checked.contentType());
            String name = s.path("name").asText(checked.app().name());
            return app.follow(name, "Created app " + name + " (version " + s.path("version").asInt() + ", "
                    + s.path("instances_wanted").asInt() + " instances); deploying.", new DeploymentWatch(null), wait);
        }
    }

    @Command(name = "update", description = {"Deploy a new version of an app from its changed file: instances are "
            + "replaced under the file's upgrade policy (minHealthy, maxSurge, progressDeadline, autoRevert).",
            "A file identical to the current version deploys nothing. A file with problems is refused before "
                    + "anything is sent (exit 2)."})
    static final class Update implements Callable<Integer> {
        @ParentCommand
        AppCommand app;
        @Parameters(paramLabel = "FILE", description = "The app file, YAML or JSON; its name says which app.")
        Path file;
        @Mixin
        WaitOptions wait;

        @Override
        public Integer call() {
            wait.timeout();
            AppFiles.Checked checked = AppFiles.read(file);
            String name = checked.app().name();
            JsonNode before = app.api().get(AppCommand.path(name));
            JsonNode s = app.api().sendText("PUT", AppCommand.path(name), checked.text(), checked.contentType());
            int was = before.path("version").asInt();
            int now = s.path("version").asInt();
            if (now == was) {
                app.out().println("App " + name + ": the file is the same as version " + now + "; nothing to deploy.");
                return 0;
            }
            return app.follow(name, "App " + name + ": deploying version " + now + " (from version " + was + ").",
                    DeploymentWatch.from(before), wait);
        }
    }
}
