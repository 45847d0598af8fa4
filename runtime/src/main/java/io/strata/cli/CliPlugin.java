package io.strata.cli;

import java.util.List;

/**
 * Adds top-level {@code strata} commands from a module on the classpath (found with
 * {@link java.util.ServiceLoader}): picocli command objects whose {@code @ParentCommand} is the root.
 */
public interface CliPlugin {

    /** New instances of the commands, one per call (each CLI run gets its own). */
    List<Object> commands();
}
