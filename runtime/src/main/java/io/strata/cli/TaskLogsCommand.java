package io.strata.cli;

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
        String stream = stderr ? "stderr" : "stdout";
        long offset = 0;
        while (true) {
            ApiClient.LogChunk chunk;
            try {
                chunk = api.logs(id, stream, offset);
            } catch (ApiError e) {
                throw e.status() == 404 ? TaskCommand.noSuchTask(id) : e;
            }
            task.strata.out.write(chunk.data(), 0, chunk.data().length);
            task.strata.out.flush();
            offset = chunk.nextOffset();
            // the API may serve a long log in parts: read until a read comes back empty
            boolean drained = chunk.data().length == 0;
            if (drained && (!follow || TaskCommand.isTerminal(chunk.taskState()))) {
                return 0;
            }
            if (drained) {
                LockSupport.parkNanos(POLL_NANOS);
                if (Thread.interrupted()) {
                    return 0;
                }
            }
        }
    }
}
