package io.strata.apps.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** {@code status}, {@code list} and {@code versions}: reading apps, as a table or as the API's JSON. */
final class AppViewCommands {

    private AppViewCommands() {
    }

    @Command(name = "status", description = "Show an app: its version and state, the deployment with the reason it "
            + "waits, the last failure, every instance (id, state, version, agent, host:ports, restarts, reason) and "
            + "the endpoints of the healthy ones.")
    static final class Status extends NamedAppCommand {
        @Option(names = "--json", description = "Print the API's status JSON unchanged.")
        boolean json;

        @Override
        public Integer call() {
            return app.show(AppCommand.path(name), json, AppViews::status);
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
            return app.show(AppCommand.PATH, json, AppViews::list);
        }
    }

    @Command(name = "versions", description = "List an app's versions: when each was made and what it changed from the "
            + "one before. 'rollback NAME --to VERSION' deploys one again.")
    static final class Versions extends NamedAppCommand {
        @Option(names = "--json", description = "Print the API's JSON unchanged, with each version's full definition.")
        boolean json;

        @Override
        public Integer call() {
            return app.show(AppCommand.path(name) + "/versions", json, AppViews::versions);
        }
    }
}
