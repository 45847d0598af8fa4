package io.strata.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Locale;

/** The commands that change a running app: scale, restart, rollback, delete, and pause, resume, abort a deployment. */
final class AppChangeCommands {

    private AppChangeCommands() {
    }

    @Command(name = "scale", description = "Run this many instances of the app's current version (0 suspends it).")
    static final class Scale extends NamedAppCommand {
        @Spec
        CommandSpec spec;
        @Option(names = "--instances", paramLabel = "N", required = true, description = "How many instances, 0 or more.")
        int instances;
        @Mixin
        WaitOptions wait;

        @Override
        public Integer call() {
            Checks.notNegative(spec, "--instances", instances);
            return app.change(name, wait, api -> api.post(AppCommand.path(name) + "/scale",
                            Json.MAPPER.createObjectNode().put("instances", instances)),
                    (before, after) -> "scaling from " + before.path("instances_wanted").asInt() + " to " + instances
                            + " instances");
        }
    }

    @Command(name = "restart", description = "Replace every instance with a new one of the same version, under the "
            + "app's upgrade policy (minHealthy, maxSurge).")
    static final class Restart extends NamedAppCommand {
        @Mixin
        WaitOptions wait;

        @Override
        public Integer call() {
            return app.change(name, wait, api -> app.post(name, "restart"),
                    (before, after) -> "restarting every instance of version " + after.path("version").asInt());
        }
    }

    @Command(name = "rollback", description = "Deploy an earlier version again (see 'strata app versions NAME'); it "
            + "keeps its number, no new version is made.")
    static final class Rollback extends NamedAppCommand {
        @Spec
        CommandSpec spec;
        @Option(names = "--to", paramLabel = "VERSION", description = "The version to deploy (default: the one "
                + "before the current).")
        Integer to;
        @Mixin
        WaitOptions wait;

        @Override
        public Integer call() {
            Checks.positive(spec, "--to", to);
            String path = AppCommand.path(name) + "/rollback";
            return app.change(name, wait, api -> to == null ? api.sendText("POST", path, "", "application/json")
                            : api.post(path, Json.MAPPER.createObjectNode().put("to", to)),
                    (before, after) -> "rolling back from version " + before.path("version").asInt() + " to version "
                            + after.path("version").asInt());
        }
    }

    @Command(name = "delete", description = "Delete an app: its instances are killed and their resources given back.")
    static final class Delete extends NamedAppCommand {
        @Spec
        CommandSpec spec;
        @Option(names = "--grace", paramLabel = "DURATION", description = "Time between SIGTERM and SIGKILL for "
                + "every instance, e.g. 0s (SIGKILL at once), 10s, 1m. Default: each version's killGracePeriod.")
        String grace;
        @Mixin
        WaitOptions wait;

        @Override
        public Integer call() {
            String query = "";
            if (grace != null) {
                WaitOptions.duration(spec, "--grace", grace, true);
                query = "?grace=" + grace.trim().toLowerCase(Locale.ROOT);
            }
            wait.timeout();
            JsonNode s = app.api().delete(AppCommand.path(name) + query);
            app.out().println("App " + name + ": deleting; " + s.path("instances").size() + " instances are being "
                    + "killed.");
            if (!wait.await) {
                app.out().println("It is gone once 'strata app status " + name + "' says it does not exist.");
                return 0;
            }
            return app.awaitDeleted(name, wait);
        }
    }

    @Command(name = "pause", description = "Pause the app's deployment after the step under way; 'resume' goes on.")
    static final class Pause extends NamedAppCommand {
        @Override
        public Integer call() {
            return app.deploymentCall(name, "pause");
        }
    }

    @Command(name = "resume", description = "Resume the app's paused deployment.")
    static final class Resume extends NamedAppCommand {
        @Mixin
        WaitOptions wait;

        @Override
        public Integer call() {
            wait.timeout();
            JsonNode s = app.post(name, "resume");
            return app.follow(name, "App " + name + ": " + AppViews.deploymentLine(s.path("deployment")) + ".",
                    new DeploymentWatch(null), wait);
        }
    }

    @Command(name = "abort", description = "Abort the app's deployment: it takes no further step; an update, "
            + "rollback or restart starts a new one.")
    static final class Abort extends NamedAppCommand {
        @Override
        public Integer call() {
            return app.deploymentCall(name, "abort");
        }
    }
}
