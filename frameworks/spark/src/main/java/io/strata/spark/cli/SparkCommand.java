package io.strata.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiError;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.TaskStates;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "spark",
        description = {"Run Spark applications on the cluster (cluster mode) and follow them.",
            "Client mode needs no command: any Spark program with master strata://HOST:PORT[,HOST:PORT...] (the API addresses) "
                    + "gets its executors from Strata."},
        subcommands = {SparkSubmitCommand.class, SparkListCommand.class, SparkStatusCommand.class,
            SparkKillCommand.class, SparkLogsCommand.class})
final class SparkCommand implements Callable<Integer> {

    final CliContext context;

    @Spec
    CommandSpec spec;

    SparkCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a spark command: submit, list, status, kill or logs");
    }

    static String path(String id) {
        return "/api/v1/spark/submissions/" + ApiClient.segment(id);
    }

    /** A submission with its application (executors), or the failure that names the id. */
    static JsonNode submission(ApiClient api, String id) {
        return ofSubmission(id, api::get);
    }

    /** Calls the API about a submission; an unknown id is a failure that says where to look. */
    static JsonNode ofSubmission(String id, Function<String, JsonNode> call) {
        try {
            return call.apply(path(id));
        } catch (ApiError e) {
            if (e.status() == 404) {
                throw CliFailure.failure("No Spark submission with id '" + id + "'. See 'strata spark list'.");
            }
            throw e;
        }
    }

    static boolean isTerminal(String state) {
        return !state.equals("QUEUED") && TaskStates.isTerminal(state);
    }
}
