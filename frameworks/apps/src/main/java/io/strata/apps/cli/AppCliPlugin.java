package io.strata.apps.cli;

import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliPlugin;

import java.util.List;

/** Adds {@code strata app ...} to the CLI when this module is on the classpath. */
public final class AppCliPlugin implements CliPlugin {

    @Override
    public List<Object> commands(CliContext context) {
        return List.of(new AppCommand(context));
    }
}
