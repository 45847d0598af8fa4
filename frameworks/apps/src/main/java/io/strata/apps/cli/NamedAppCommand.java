package io.strata.apps.cli;

import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

/** A subcommand of {@code strata app} that names one app. */
abstract class NamedAppCommand implements Callable<Integer> {

    @ParentCommand
    AppCommand app;

    @Parameters(paramLabel = "NAME", description = "The app's name.")
    String name;
}
