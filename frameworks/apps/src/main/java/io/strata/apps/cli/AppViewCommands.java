package io.strata.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code status}, {@code list} and {@code versions}: reading apps, as a table or as the API's JSON. */
final class AppViewCommands {

    private AppViewCommands() {
    }

    @Command(name = "status", description = "Show an app: its version and state, the deployment with the reason it "
            + "waits, the last failure, every instance (id, state, version, agent, host:ports, restarts, reason) and "
            + "the endpoints of the healthy ones.")
    static final class Status implements Callable<Integer> {
        @ParentCommand
        AppCommand app;
        @Parameters(paramLabel = "NAME", description = "The app's name.")
        String name;
        @Option(names = "--json", description = "Print the API's status JSON unchanged.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode s = app.api().get(AppCommand.path(name));
            if (json) {
                app.printJson(s);
            } else {
                app.out().print(AppViews.status(s));
            }
            return 0;
        }
    }

    @Command(name = "list", description = "List the apps you may see: version, healthy of wanted instances, running "
            + "instances and the state of the last deployment.")
    static final class ListAll implements Callable<Integer> {
        @ParentCommand
        AppCommand app;
        @Option(names = "--json", description = "Print the API's JSON unchanged.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode all = app.api().get(AppCommand.PATH);
            if (json) {
                app.printJson(all);
            } else {
                app.out().print(AppViews.list(all));
            }
            return 0;
        }
    }

    @Command(name = "versions", description = "List an app's versions: when each was made and what it changed from the "
            + "one before. 'rollback NAME --to VERSION' deploys one again.")
    static final class Versions implements Callable<Integer> {
        @ParentCommand
        AppCommand app;
        @Parameters(paramLabel = "NAME", description = "The app's name.")
        String name;
        @Option(names = "--json", description = "Print the API's JSON unchanged, with each version's full definition.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode v = app.api().get(AppCommand.path(name) + "/versions");
            if (json) {
                app.printJson(v);
            } else {
                app.out().print(AppViews.versions(v));
            }
            return 0;
        }
    }
}
