package io.strata.spark.cli;

import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiError;
import io.strata.cli.spi.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", description = "Print a Spark submission's driver output (stdout, or stderr with Spark's log).")
final class SparkLogsCommand implements Callable<Integer> {

    @ParentCommand
    SparkCommand spark;

    @Parameters(paramLabel = "ID", description = "The submission's id.")
    String id;

    @Option(names = "--stderr", description = "Print stderr (Spark's own log) instead of stdout.")
    boolean stderr;

    @Override
    public Integer call() {
        ApiClient api = spark.context.api();
        String task = SparkCommand.submission(api, id).path("driverTaskId").asText();
        try {
            api.printLogs(task, stderr ? "stderr" : "stdout", 0, spark.context.out());
        } catch (ApiError e) {
            if (e.status() == 404) {
                throw CliFailure.failure("The driver of " + id + " has not started yet, so it has no output. "
                        + "See 'strata spark status " + id + "'.");
            }
            throw e;
        }
        return 0;
    }
}
