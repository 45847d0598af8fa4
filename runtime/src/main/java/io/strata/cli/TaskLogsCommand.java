package io.strata.cli;

import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiError;
import io.strata.cli.spi.TaskStates;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "logs", description = "Print a task's stdout (or stderr).")
final class TaskLogsCommand implements Callable<Integer> {

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    @ParentCommand
    TaskCommand task;

    @Parameters(paramLabel = "ID", description = "The task's id.")
    String id;

    @Option(names = "--stderr", description = "Print stderr instead of stdout.")
    boolean stderr;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new output until the task ends.")
    boolean follow;

    @Override
    public Integer call() {
        ApiClient api = task.strata.api();
        long offset = 0;
        while (true) {
            ApiClient.LogChunk drained;
            try {
                drained = api.printLogs(id, stderr ? "stderr" : "stdout", offset, task.strata.out);
            } catch (ApiError e) {
                throw e.status() == 404 ? TaskCommand.noSuchTask(id) : e;
            }
            if (!follow || TaskStates.isTerminal(drained.taskState())) {
                return 0;
            }
            offset = drained.nextOffset();
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.interrupted()) {
                return 0;
            }
        }
    }
}
