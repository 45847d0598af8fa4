package io.strata.spark.cli;

import io.strata.cli.spi.ApiClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "kill", description = "Kill a Spark submission's driver; its executors end with it.")
final class SparkKillCommand implements Callable<Integer> {

    @ParentCommand
    SparkCommand spark;

    @Parameters(paramLabel = "ID", description = "The submission's id.")
    String id;

    @Option(names = "--grace", paramLabel = "DURATION", description = "Time the driver gets between SIGTERM and SIGKILL,"
            + " such as 0s (SIGKILL at once) or 30s. Default: the master's kill-grace (5s).")
    String grace;

    @Override
    public Integer call() {
        SparkCommand.ofSubmission(id, path -> spark.context.api().delete(path
                + (grace == null ? "" : "?grace=" + ApiClient.segment(grace))));
        spark.context.out().println("Killing " + id + " and its executors.");
        return 0;
    }
}
