package io.strata.cli;

import io.strata.cli.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** What an agent advertises; an option left out means "detect from this machine". */
final class ResourceOptions {

    @Option(names = "--cpus", paramLabel = "C", description = "CPUs each agent offers (default: detected from this machine).")
    Double cpus;

    @Option(names = "--mem", paramLabel = "MB", description = "Memory in MB each agent offers (default: detected from this machine).")
    Long memMb;

    @Option(names = "--disk", paramLabel = "MB", description = "Disk in MB each agent offers (default: detected from this machine).")
    Long diskMb;

    void validate(CommandSpec spec) {
        Checks.positive(spec, "--cpus", cpus);
        Checks.positive(spec, "--mem", memMb);
        Checks.positive(spec, "--disk", diskMb);
    }

    /** The same choices as command-line arguments, to hand to another strata process. */
    List<String> toArgs() {
        List<String> args = new ArrayList<>();
        if (cpus != null) {
            args.addAll(List.of("--cpus", cpus.toString()));
        }
        if (memMb != null) {
            args.addAll(List.of("--mem", memMb.toString()));
        }
        if (diskMb != null) {
            args.addAll(List.of("--disk", diskMb.toString()));
        }
        return args;
    }
}
