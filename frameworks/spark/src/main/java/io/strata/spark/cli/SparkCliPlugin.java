package io.strata.spark.cli;

import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliPlugin;
import java.util.List;

/** {@code strata spark ...}: cluster-mode submissions and their applications. */
public final class SparkCliPlugin implements CliPlugin {

    @Override
    public List<Object> commands(CliContext context) {
        return List.of(new SparkCommand(context));
    }
}
