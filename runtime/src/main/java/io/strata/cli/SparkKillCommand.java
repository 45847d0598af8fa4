package io.strata.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "kill", description = "Kill a Spark submission's driver; its executors end with it.")
final class SparkKillCommand implements Callable<Integer> {

    @ParentCommand
    SparkCommand spark;

    @Parameters(paramLabel = "ID", description = "The submission's id.")
    String id;

    @Override
    public Integer call() {
        try {
            spark.strata.api().delete("/api/v1/spark/submissions/" + ApiClient.segment(id));
        } catch (ApiError e) {
            if (e.status() == 404) {
                throw CliFailure.failure("No Spark submission with id '" + id + "'. See 'strata spark list'.");
            }
            throw e;
        }
        spark.strata.out.println("Killing " + id + " and its executors.");
        return 0;
    }
}
