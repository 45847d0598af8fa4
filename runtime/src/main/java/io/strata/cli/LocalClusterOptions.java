package io.strata.cli;

import io.strata.cli.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** A cluster on this machine: how many agents, and what each offers ('up' hands them to the daemon it starts). */
final class LocalClusterOptions {

    @Option(names = "--agents", paramLabel = "N", defaultValue = "1", description = "How many agents (default: 1).")
    int agents;

    @Mixin
    ResourceOptions resources;

    @Mixin
    TaskUserOption taskUser;

    void validate(CommandSpec spec) {
        Checks.positive(spec, "--agents", agents);
        resources.validate(spec);
        taskUser.validate(spec);
    }

    /** The same choices as command-line arguments, to hand to another strata process. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>(List.of("--agents", Integer.toString(agents)));
        args.addAll(resources.toArgs());
        args.addAll(taskUser.toArgs());
        return args;
    }
}
