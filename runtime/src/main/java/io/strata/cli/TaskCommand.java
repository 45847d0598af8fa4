package io.strata.cli;

import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliFailure;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "task",
        description = "Run, list and kill ad-hoc tasks, and read their logs.",
        subcommands = {TaskRunCommand.class, TaskListCommand.class, TaskKillCommand.class, TaskLogsCommand.class})
final class TaskCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a task command: run, list, kill or logs");
    }

    static CliFailure noSuchTask(String id) {
        return CliFailure.failure("No task with id '" + id + "'. See 'strata task list'.");
    }
}
