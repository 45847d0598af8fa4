package io.strata.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiError;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Follow;
import io.strata.cli.spi.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Function;

/** {@code strata app}: long-running programs as managed services, through {@code /api/v1/apps}. */
@Command(name = "app",
        description = "Run your own long-running programs as managed services: instances kept running and healthy, "
                + "versioned rolling updates, rollback.",
        subcommands = {AppFileCommands.Create.class, AppFileCommands.Update.class, AppViewCommands.Status.class,
                AppViewCommands.ListAll.class, AppChangeCommands.Scale.class, AppChangeCommands.Restart.class,
                AppViewCommands.Versions.class, AppChangeCommands.Rollback.class, AppChangeCommands.Delete.class,
                AppChangeCommands.Pause.class, AppChangeCommands.Resume.class, AppChangeCommands.Abort.class},
        footer = {"", "Instance states: STARTING, HEALTHY, UNHEALTHY, KILLING. Deployment states: DEPLOYING, PAUSED, "
                + "SUCCEEDED, FAILED, REVERTING, REVERTED, ABORTED.",
                "Example: strata app create samples/apps/web.yaml --wait"})
final class AppCommand implements Callable<Integer> {

    static final String PATH = "/api/v1/apps";
    private static final Duration POLL = Duration.ofSeconds(1);

    final CliContext context;

    @Spec
    CommandSpec spec;

    AppCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing an app command: create, update, status, list, scale, restart, versions, "
                + "rollback, delete, pause, resume or abort");
    }

    static String path(String name) {
        return PATH + "/" + ApiClient.segment(name);
    }

    ApiClient api() {
        return context.api();
    }

    PrintStream out() {
        return context.out();
    }

    /**
     * Without {@code --wait}, prints {@code started} and returns 0. With it, prints {@code started}, then
     * each change of the deployment and of every instance, until {@code watch} says the change is done
     * (0) or failed (a failure, exit 1), or {@code wait}'s timeout passed (a failure saying it goes on).
     */
    int follow(String name, String started, DeploymentWatch watch, WaitOptions wait) {
        Duration timeout = wait.timeout();
        out().println(started);
        if (!wait.await) {
            out().println("Follow it with 'strata app status " + name + "'.");
            return 0;
        }
        Follow changes = new Follow();
        JsonNode last = Follow.until(POLL, timeout, Follow.throughUnavailable(() -> {
            JsonNode s = api().get(path(name));
            printChanges(s, changes);
            return s;
        }), s -> watch.judge(s).outcome() != DeploymentWatch.Outcome.GOING);
        DeploymentWatch.Verdict verdict = watch.judge(last);
        switch (verdict.outcome()) {
            case SUCCEEDED -> {
                out().println(verdict.sentence());
                return 0;
            }
            case FAILED -> throw CliFailure.failure(verdict.sentence());
            default -> throw CliFailure.failure("App " + name + " is not done after " + wait.timeoutText() + " ("
                    + (last.hasNonNull("deployment") ? AppViews.deploymentLine(last.path("deployment"))
                    : AppViews.appLine(last)) + "). It goes on; follow it with 'strata app status " + name + "'.");
        }
    }

    /** Waits until {@code GET} answers 404: every instance ended and every resource is back. */
    int awaitDeleted(String name, WaitOptions wait) {
        Duration timeout = wait.timeout();
        Follow changes = new Follow();
        boolean gone = Follow.until(POLL, timeout, Follow.throughUnavailable(() -> {
            try {
                printChanges(api().get(path(name)), changes);
                return false;
            } catch (ApiError e) {
                if (e.status() == 404) {
                    return true;
                }
                throw e;
            }
        }), deleted -> deleted);
        if (!gone) {
            throw CliFailure.failure("App " + name + " is still being deleted after " + wait.timeoutText() + "; it goes on. "
                    + "See what is left with 'strata app status " + name + "'.");
        }
        out().println("App " + name + " is deleted: every instance ended and its resources are back.");
        return 0;
    }

    private void printChanges(JsonNode s, Follow changes) {
        if (s.hasNonNull("deployment")) {
            String line = AppViews.deploymentLine(s.path("deployment"));
            if (changes.changed("deployment", line)) {
                out().println("  " + line);
            }
        }
        for (JsonNode i : s.path("instances")) {
            // a waiting instance's reason changes with every offer; its state, version and agent are news
            String where = i.path("state").asText() + " " + i.path("version").asText() + " " + i.path("agentId").asText();
            if (changes.changed(i.path("id").asText(), where)) {
                out().println("    " + AppViews.instanceLine(i));
            }
        }
    }

    /** {@code pause} or {@code abort}: the call, then the deployment as it is now. */
    int deploymentCall(String name, String call) {
        JsonNode s = post(name, call);
        out().println("App " + name + ": " + AppViews.deploymentLine(s.path("deployment")) + ".");
        return 0;
    }

    /** {@code POST /api/v1/apps/NAME/CALL} with an empty object. */
    JsonNode post(String name, String call) {
        return api().post(path(name) + "/" + call, Json.MAPPER.createObjectNode());
    }

    /**
     * A change of a running app: reads it, makes the change, and follows it from there; {@code started}
     * says what started, from the app before and the API's answer.
     */
    int change(String name, WaitOptions wait, Function<ApiClient, JsonNode> call,
               BiFunction<JsonNode, JsonNode, String> started) {
        wait.timeout();
        JsonNode before = api().get(path(name));
        JsonNode after = call.apply(api());
        return follow(name, "App " + name + ": " + started.apply(before, after) + ".", DeploymentWatch.from(before),
                wait);
    }

    /** {@code GET path}, printed as the API's JSON or for people. */
    int show(String path, boolean json, Function<JsonNode, String> view) {
        JsonNode answer = api().get(path);
        if (json) {
            out().println(Json.pretty(answer));
        } else {
            out().print(view.apply(answer));
        }
        return 0;
    }
}
