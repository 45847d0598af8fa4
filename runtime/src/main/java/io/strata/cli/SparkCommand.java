package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "spark",
        description = {"Run Spark applications on the cluster (cluster mode) and follow them.",
            "Client mode needs no command: any Spark program with master strata://HOST:PORT (the API address) "
                    + "gets its executors from Strata."},
        subcommands = {SparkSubmitCommand.class, SparkListCommand.class, SparkStatusCommand.class,
            SparkKillCommand.class, SparkLogsCommand.class})
final class SparkCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a spark command: submit, list, status, kill or logs");
    }

    /** A submission with its application (executors), or the failure that names the id. */
    static JsonNode submission(ApiClient api, String id) {
        try {
            return api.get("/api/v1/spark/submissions/" + ApiClient.segment(id));
        } catch (ApiError e) {
            if (e.status() == 404) {
                throw CliFailure.failure("No Spark submission with id '" + id + "'. See 'strata spark list'.");
            }
            throw e;
        }
    }

    static boolean isTerminal(String state) {
        return !state.equals("QUEUED") && TaskCommand.isTerminal(state);
    }
}
