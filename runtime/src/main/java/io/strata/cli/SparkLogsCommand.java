package io.strata.cli;

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
        ApiClient api = spark.strata.api();
        String task = SparkCommand.submission(api, id).path("driverTaskId").asText();
        long offset = 0;
        while (true) {
            ApiClient.LogChunk chunk;
            try {
                chunk = api.logs(task, stderr ? "stderr" : "stdout", offset);
            } catch (ApiError e) {
                if (e.status() == 404) {
                    throw CliFailure.failure("The driver of " + id + " has not started yet, so it has no output. "
                            + "See 'strata spark status " + id + "'.");
                }
                throw e;
            }
            spark.strata.out.write(chunk.data(), 0, chunk.data().length);
            if (chunk.data().length == 0) {
                spark.strata.out.flush();
                return 0;
            }
            offset = chunk.nextOffset();
        }
    }
}
