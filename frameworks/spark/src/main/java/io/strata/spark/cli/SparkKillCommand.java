package io.strata.spark.cli;

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
        SparkCommand.ofSubmission(id, spark.context.api()::delete);
        spark.context.out().println("Killing " + id + " and its executors.");
        return 0;
    }
}
