package io.strata.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.service.ServiceDescriptor.CreateOption;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiError;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Follow;
import io.strata.cli.spi.Json;
import io.strata.service.AutoReplace;
import io.strata.service.ServiceGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The commands every service type has, built from its {@link ServiceDescriptor} with picocli's
 * programmatic API: {@code create}, {@code status}, {@code list}, the type's extra commands, then
 * {@code restart}, {@code scale}, {@code replace} and {@code delete}, each with {@code --json}.
 * Operations that take a while follow the service and show each pod's progress; with {@code --json}
 * that progress goes to stderr and stdout gets one JSON object.
 */
public final class ServiceCommands {

    private static final Duration DEADLINE = Duration.ofMinutes(10);
    private static final Duration POLL = Duration.ofSeconds(1);
    private static final String NAME_HELP = "Lower-case letters, digits and '-'.";
    private static final String AUTO_REPLACE = "--auto-replace-after";
    private static final String GROUP = "--group";

    private final ServiceDescriptor type;
    private final CliContext context;

    private ServiceCommands(ServiceDescriptor type, CliContext context) {
        this.type = type;
        this.context = context;
    }

    /** {@code strata <type>} with its subcommands, for one CLI run. */
    public static CommandLine tree(ServiceDescriptor type, CliContext context) {
        return new ServiceCommands(type, context).tree();
    }

    private CommandLine tree() {
        List<CommandLine> subcommands = new ArrayList<>(List.of(create(), status(), list()));
        type.extraCommands().forEach(extra -> subcommands.add(commandLine(extra.apply(context))));
        subcommands.addAll(List.of(restart(), scale(), replace(), delete()));
        List<String> names = subcommands.stream().map(CommandLine::getCommandName).toList();
        CommandLine root = new CommandLine(command(type.type(), type.description(), spec -> {
            throw Checks.usage(spec, "Missing a " + type.type() + " command: "
                    + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1));
        }));
        subcommands.forEach(root::addSubcommand);
        return root;
    }

    private CommandLine create() {
        CommandSpec spec = command("create", type.help().create(), this::create);
        spec.addPositional(name(NAME_HELP));
        for (CreateOption option : type.createOptions()) {
            spec.addOption(OptionSpec.builder(option.flag()).paramLabel(option.paramLabel()).type(option.type())
                    .description(option.help()).build());
        }
        spec.addOption(OptionSpec.builder(AUTO_REPLACE).paramLabel("DURATION").type(String.class)
                .description("Replace a " + type.podWord() + " whose agent is lost once the agent has stayed away this "
                        + "long (e.g. 10m, 1h): it starts afresh on another agent and copies its data from its peers. "
                        + "Off by default: it waits for its agent, and 'replace' moves it.").build());
        spec.addOption(OptionSpec.builder(GROUP).paramLabel("GROUP").type(String.class)
                .description("The group the " + type.type() + " service belongs to (its quota applies; default: your "
                        + "token's group, else 'default'); see 'strata group list'.").build());
        spec.addOption(flag("--wait", "Wait until every " + type.podWord() + " is ready, showing progress."));
        return new CommandLine(spec.addOption(json("Print the API's answer, or with --wait the status once ready.")));
    }

    private int create(CommandSpec spec) {
        String name = spec.positionalParameters().get(0).getValue();
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name);
        for (CreateOption option : type.createOptions()) {
            Number value = spec.findOption(option.flag()).getValue();
            Checks.positive(spec, option.flag(), value);
            if (value != null) {
                body.set(option.field(), Json.MAPPER.valueToTree(value));
            }
        }
        String autoReplace = spec.findOption(AUTO_REPLACE).getValue();
        if (autoReplace != null) {
            try {
                AutoReplace.parse(autoReplace, AUTO_REPLACE);
            } catch (IllegalArgumentException e) {
                throw Checks.usage(spec, e.getMessage());
            }
            body.put(AutoReplace.KEY, autoReplace.trim());
        }
        String group = spec.findOption(GROUP).getValue();
        if (group != null) {
            body.put(ServiceGroup.KEY, group.trim());
        }
        boolean json = isSet(spec, "--json");
        JsonNode created = context.api().post(type.path(), body);
        if (!isSet(spec, "--wait")) {
            context.out().println(json ? Json.pretty(created) : "Creating " + type.type() + " " + name
                    + "; follow it with 'strata " + type.type() + " status " + name + "'.");
            return 0;
        }
        progress(json).println("Creating " + type.type() + " " + name + "...");
        JsonNode status = awaitRunning(name, json);
        context.out().println(json ? Json.pretty(status) : type.type() + " " + name + " is running; "
                + type.endpoint().phrase() + ": " + ServiceViews.endpoint(type, status));
        return 0;
    }

    private CommandLine status() {
        CommandSpec spec = command("status", "Show a " + type.noun() + ": state, " + type.endpoint().phrase()
                + ", and each " + type.podWord() + ".", s -> {
                    JsonNode status = context.api().get(type.path(s.positionalParameters().get(0).getValue()));
                    context.out().print(isSet(s, "--json") ? Json.pretty(status) + "\n" : ServiceViews.status(type, status));
                    return 0;
                });
        spec.addPositional(name(null));
        return new CommandLine(spec.addOption(json("Print the API's JSON (." + type.endpoint().field() + ", ."
                + type.podsField() + "[] with id, state, agentId, taskId, "
                + String.join(", ", type.podColumns().stream().map(ServiceDescriptor.Column::field).toList()) + ").")));
    }

    private CommandLine list() {
        CommandSpec spec = command("list", "List " + type.nounPlural() + ".", s -> {
            JsonNode all = context.api().get(type.path());
            context.out().print(isSet(s, "--json") ? Json.pretty(all) + "\n" : ServiceViews.list(type, all));
            return 0;
        });
        return new CommandLine(spec.addOption(json("Print the API's JSON array.")));
    }

    private CommandLine restart() {
        return operation("restart", "Rolling restart: one " + type.podWord() + " at a time, each ready before the next.",
                spec -> { }, (spec, name) -> {
                    context.api().post(type.path(name) + "/restart", Json.MAPPER.createObjectNode());
                    return new Operation("Restarting " + type.type() + " " + name + " one " + type.podWord()
                            + " at a time...", type.type() + " " + name + " restarted.");
                });
    }

    private CommandLine scale() {
        String flag = type.countFlag();
        OptionSpec count = OptionSpec.builder(flag).paramLabel("N").type(int.class).required(true)
                .description("The new number of " + type.podsField() + ".").build();
        return operation("scale", type.help().scale(), spec -> spec.addOption(count), (spec, name) -> {
            int n = spec.findOption(flag).getValue();
            Checks.positive(spec, flag, n);
            context.api().post(type.path(name) + "/scale", Json.MAPPER.createObjectNode().put(type.podsField(), n));
            return new Operation("Scaling " + type.type() + " " + name + " to " + n + " " + type.podsField() + "...",
                    type.type() + " " + name + " has " + n + " " + type.podsField() + ".");
        });
    }

    private CommandLine replace() {
        PositionalParamSpec podId = PositionalParamSpec.builder().index("1").paramLabel(type.podIdLabel()).required(true)
                .type(String.class).build();
        return operation("replace", type.help().replace(), spec -> spec.addPositional(podId), (spec, name) -> {
            String id = spec.positionalParameters().get(1).getValue();
            context.api().post(type.path(name) + "/replace/" + ApiClient.segment(id),
                    Json.MAPPER.createObjectNode());
            return new Operation("Replacing " + type.podWord() + " " + id + " of " + type.type() + " " + name + "...",
                    type.podWord() + " " + id + " replaced.");
        });
    }

    private CommandLine delete() {
        CommandSpec spec = command("delete", "Stop every " + type.podWord()
                + ", destroy their volumes and give every resource back.", s -> {
                    String name = s.positionalParameters().get(0).getValue();
                    boolean json = isSet(s, "--json");
                    String grace = s.findOption("--grace").getValue();
                    context.api().delete(type.path(name) + (grace == null ? "" : "?grace=" + ApiClient.segment(grace)));
                    progress(json).println("Deleting " + type.type() + " " + name + "...");
                    follow(name, json, status -> status == null, true);
                    context.out().println(json ? Json.pretty(Json.MAPPER.createObjectNode().put("name", name)
                            .put("state", "DELETED")) : type.type() + " " + name + " deleted.");
                    return 0;
                });
        spec.addPositional(name(null));
        spec.addOption(OptionSpec.builder("--grace").paramLabel("DURATION").type(String.class)
                .description("Time each " + type.podWord() + " gets between SIGTERM and SIGKILL, such as 0s (SIGKILL at "
                        + "once: the data is destroyed anyway) or 30s. Default: the master's kill-grace (5s).").build());
        return new CommandLine(spec.addOption(json("Print {\"name\": NAME, \"state\": \"DELETED\"} once it is gone.")));
    }

    /** What an operation says when it starts and when the service runs again. */
    private record Operation(String starting, String done) {
    }

    private interface Start {
        Operation start(CommandSpec spec, String name);
    }

    /** A command that asks for an operation on one service and follows it until the service runs again. */
    private CommandLine operation(String name, String description, Consumer<CommandSpec> arguments, Start start) {
        CommandSpec spec = command(name, description, s -> {
            String service = s.positionalParameters().get(0).getValue();
            boolean json = isSet(s, "--json");
            Operation operation = start.start(s, service);
            progress(json).println(operation.starting());
            JsonNode status = awaitRunning(service, json);
            context.out().println(json ? Json.pretty(status) : operation.done());
            return 0;
        });
        spec.addPositional(name(null));
        arguments.accept(spec);
        return new CommandLine(spec.addOption(json("Print the status once it is done.")));
    }

    private JsonNode awaitRunning(String name, boolean json) {
        return follow(name, json, status -> "RUNNING".equals(status.path("state").asText())
                && status.path("operation").asText().isEmpty(), false);
    }

    /**
     * Polls the service until {@code done} holds, printing a line whenever a pod's state or reason
     * changes; a service that is gone is {@code null} when {@code goneIsDone}, else a failure.
     */
    private JsonNode follow(String name, boolean json, Predicate<JsonNode> done, boolean goneIsDone) {
        PrintStream progress = progress(json);
        Follow changes = new Follow();
        // A 503 while following (the framework failing over or too busy to answer in time) is looked past.
        JsonNode last = Follow.until(POLL, DEADLINE, Follow.throughUnavailable(() -> {
            JsonNode status;
            try {
                status = context.api().get(type.path(name));
            } catch (ApiError e) {
                if (goneIsDone && e.status() == 404) {
                    return null;
                }
                throw e;
            }
            for (JsonNode pod : status.path(type.podsField())) {
                String id = pod.path("id").asText();
                String line = pod.path("state").asText() + (pod.path("agentId").isTextual()
                        ? " on " + pod.path("agentId").asText() : "") + " - " + pod.path("reason").asText();
                if (changes.changed(id, line)) {
                    progress.println("  " + type.podWord() + " " + id + ": " + line);
                }
            }
            return status;
        }), done);
        if (!done.test(last)) {
            throw CliFailure.failure("Still " + last.path("state").asText() + " after " + DEADLINE.toSeconds()
                    + " s (" + last.path("reason").asText() + "); it goes on in the background, see 'strata "
                    + type.type() + " status " + name + "'.");
        }
        return last;
    }

    private PrintStream progress(boolean json) {
        return json ? context.err() : context.out();
    }

    private static CommandSpec command(String name, String description, Function<CommandSpec, Integer> action) {
        Action callable = new Action(action);
        callable.spec = CommandSpec.wrapWithoutInspection(callable).name(name);
        callable.spec.usageMessage().description(description);
        return callable.spec;
    }

    /** Runs a programmatic command with its own parsed spec. */
    private static final class Action implements Callable<Integer> {
        private final Function<CommandSpec, Integer> action;
        private CommandSpec spec;

        Action(Function<CommandSpec, Integer> action) {
            this.action = action;
        }

        @Override
        public Integer call() {
            return action.apply(spec);
        }
    }

    private static CommandLine commandLine(Object command) {
        return command instanceof CommandLine line ? line : new CommandLine(command);
    }

    private static PositionalParamSpec name(String description) {
        PositionalParamSpec.Builder name = PositionalParamSpec.builder().index("0").paramLabel("NAME").required(true)
                .type(String.class);
        return (description == null ? name : name.description(description)).build();
    }

    private static OptionSpec flag(String flag, String description) {
        return OptionSpec.builder(flag).type(boolean.class).description(description).build();
    }

    private static OptionSpec json(String description) {
        return flag("--json", description);
    }

    private static boolean isSet(CommandSpec spec, String flag) {
        return Boolean.TRUE.equals(spec.findOption(flag).getValue());
    }
}
