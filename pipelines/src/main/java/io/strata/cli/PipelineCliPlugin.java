package io.strata.cli;

import java.util.List;

/** Adds {@code strata pipeline ...} and {@code strata run} to the CLI when this module is on the classpath. */
public final class PipelineCliPlugin implements CliPlugin {

    @Override
    public List<Object> commands() {
        return List.of(new PipelineCommand(), new RunCommand());
    }
}
