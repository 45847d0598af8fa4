package io.strata.cli;

import io.strata.agent.process.TaskUsers;
import io.strata.resources.TaskSpec;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --task-user}: the Unix user an agent started as root runs its tasks as. */
final class TaskUserOption {

    @Option(names = "--task-user", paramLabel = "USER",
            description = "The Unix user tasks run as when the agent runs as root (default: strata-task, created on "
                    + "first start); never root. An agent that is not root runs tasks as its own user.")
    String user;

    void validate(CommandSpec spec) {
        String problem = TaskSpec.userProblem(user);
        if (problem != null) {
            throw new ParameterException(spec.commandLine(), "--task-user: " + problem);
        }
        if (user != null) {
            // Before the node starts: a user this host lacks is a mistake on the command line.
            try {
                TaskUsers.forAgent(user);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
    }

    /** The same choice as command-line arguments, to hand to another strata process. */
    List<String> toArgs() {
        return user == null ? List.of() : List.of("--task-user", user);
    }
}
