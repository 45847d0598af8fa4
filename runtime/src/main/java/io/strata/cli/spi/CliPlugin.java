package io.strata.cli.spi;

import java.util.List;

/**
 * Adds top-level {@code strata} commands from a module on the classpath, found with
 * {@link java.util.ServiceLoader} (register the class in
 * {@code META-INF/services/io.strata.cli.spi.CliPlugin}). A framework module owns its commands this
 * way, as it owns its node-side routes through {@code io.strata.node.StrataExtension}.
 */
public interface CliPlugin {

    /**
     * New commands for one CLI run, each a picocli command: an instance of an {@code @Command} class,
     * a {@link picocli.CommandLine.Model.CommandSpec} or a {@link picocli.CommandLine}.
     *
     * @param context what the commands print to and talk to; read it when a command runs, not
     *                before, because the root's options (such as {@code --home}) are parsed later
     */
    List<Object> commands(CliContext context);
}
