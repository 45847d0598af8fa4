package io.strata.cli.spi;

import java.io.PrintStream;
import java.nio.file.Path;

/** What a plug-in's commands get from the {@code strata} command they run under. */
public interface CliContext {

    /** Where results go (tables, JSON, ids). */
    PrintStream out();

    /** Where diagnostics go. */
    PrintStream err();

    /** The home the user chose ({@code --home}, else {@code $STRATA_HOME}, else {@code ~/.strata}). */
    Path home();

    /**
     * The client of the cluster this run talks to: the one named by {@code --cluster}, else by
     * {@code STRATA_API}, else the current one ({@code strata cluster use}), else the one that serves
     * {@link #home()}; a {@link CliFailure} saying so if there is none. The same client for the whole
     * run, so it keeps using the master that answered.
     */
    ApiClient api();

    /**
     * Whether there is a cluster to talk to: a remote one was chosen (it runs elsewhere; its client
     * says so if it does not answer), or a cluster process serves {@link #home()} right now.
     */
    boolean clusterRunning();

    /**
     * Runs another {@code strata} command in this process with the same home, printing its results to
     * {@code out} and its errors to {@link #err()}; returns its exit code.
     */
    int run(PrintStream out, String... args);
}
