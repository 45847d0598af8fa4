package io.strata.pipelines.cli;

import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliPlugin;
import java.util.List;

/** Adds {@code strata pipeline ...} and {@code strata run} to the CLI when this module is on the classpath. */
public final class PipelineCliPlugin implements CliPlugin {

    @Override
    public List<Object> commands(CliContext context) {
        return List.of(new PipelineCommand(context), new RunCommand(context));
    }
}
