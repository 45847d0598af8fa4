package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "run",
        description = {"Run a command as a task and print its id.",
            "A task that does not fit on any agent waits as PENDING with a reason saying what is missing."},
        footer = {"", "Example: strata task run --name hello --cpus 0.25 --mem 64 -- sh -c 'echo hi'"})
final class TaskRunCommand implements Callable<Integer> {

    @ParentCommand
    TaskCommand task;

    @Spec
    CommandSpec spec;

    @Option(names = "--name", paramLabel = "NAME", description = "A name to recognize the task by.")
    String name;

    @Option(names = "--cpus", required = true, paramLabel = "C", description = "CPUs the task needs, e.g. 0.25.")
    double cpus;

    @Option(names = "--mem", required = true, paramLabel = "MB", description = "Memory in MB the task needs.")
    long memMb;

    @Option(names = "--disk", paramLabel = "MB", defaultValue = "0", description = "Disk in MB the task needs (default: 0).")
    long diskMb;

    @Option(names = "--env", paramLabel = "K=V", description = "An environment variable for the command; repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = "--group", paramLabel = "GROUP",
            description = "The group the task runs in (default: your token's group, else 'default'); see 'strata group list'.")
    String group;

    @Option(names = "--user", paramLabel = "USER",
            description = "The Unix user the task runs as (default: the agent's task user, see 'strata agent --task-user'); "
                    + "must be one its group allows ('strata group create --users'), never root.")
    String user;

    @Parameters(paramLabel = "CMD", description = "The command and its arguments, after '--'.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() {
        Checks.positive(spec, "--cpus", cpus);
        Checks.positive(spec, "--mem", memMb);
        Checks.notNegative(spec, "--disk", diskMb);
        Map<String, String> environment = Checks.keyValues(spec, "--env", env);
        if (command.isEmpty()) {
            throw Checks.usage(spec, "Missing the command to run after '--', e.g. -- echo hello");
        }
        JsonNode created = task.strata.api().post("/api/v1/tasks", body(environment));
        if (!created.path("id").isTextual()) {
            throw CliFailure.failure("The Strata API accepted the task but returned no id (" + created
                    + "). See 'strata task list'.");
        }
        task.strata.out.println(created.get("id").asText());
        return 0;
    }

    ObjectNode body(Map<String, String> environment) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (name != null) {
            body.put("name", name);
        }
        body.put("cpus", cpus).put("memMb", memMb).put("diskMb", diskMb);
        if (group != null) {
            body.put("group", group);
        }
        if (user != null) {
            body.put("user", user);
        }
        ObjectNode envJson = body.putObject("env");
        environment.forEach(envJson::put);
        command.forEach(body.putArray("command")::add);
        return body;
    }
}
