package io.strata.cli;

import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.CliPlugin;
import io.strata.cli.spi.Sentences;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Entry point of the {@code strata} command. Exit codes: 0 success, 1 failure, 2 usage or
 * validation error. Errors are one sentence with a hint; {@code --debug} adds the stack trace.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(System.out, System.err, System.getenv(), args));
    }

    /** Runs one command in-process with the plug-ins on the classpath; returns its exit code, never exits the JVM. */
    static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        return run(out, err, env, ServiceLoader.load(CliPlugin.class), args);
    }

    static int run(PrintStream out, PrintStream err, Map<String, String> env, Iterable<CliPlugin> plugins,
                   String... args) {
        StrataCommand root = new StrataCommand(out, err, env);
        CommandLine cli = commandLine(root, plugins);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, ignoredArgs) -> {
            if (root.debug) {
                e.printStackTrace(err);
            }
            err.println(usageError(e));
            return CliFailure.USAGE;
        });
        cli.setExecutionExceptionHandler((e, command, parseResult) -> {
            if (root.debug) {
                e.printStackTrace(err);
            }
            if (e instanceof CliFailure failure) {
                err.println(failure.getMessage());
                return failure.exitCode();
            }
            err.println("Unexpected error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " (" + e.getMessage().strip() + ")")
                    + ". Run again with --debug to see where it happened.");
            return CliFailure.FAILURE;
        });
        int exitCode = cli.execute(args);
        out.flush();
        err.flush();
        return exitCode;
    }

    /**
     * The built-in commands and those of every plug-in, the latter by name so that the help does not
     * depend on the order of the classpath. A broken plug-in costs its own commands, not the CLI.
     */
    static CommandLine commandLine(StrataCommand root, Iterable<CliPlugin> plugins) {
        CommandLine cli = new CommandLine(root);
        List<CommandLine> added = new ArrayList<>();
        try {
            for (CliPlugin plugin : plugins) {
                for (Object command : plugin.commands(root)) {
                    added.add(command instanceof CommandLine line ? line : new CommandLine(command));
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            root.err.println("strata: some commands are unavailable, their module is broken on this classpath ("
                    + e.getMessage() + ")");
        }
        added.sort(Comparator.comparing(CommandLine::getCommandName));
        added.forEach(cli::addSubcommand);
        return cli;
    }

    /** "Unknown option '--cpu'. Did you mean '--cpus'? Try 'strata up --help'." */
    static String usageError(ParameterException e) {
        StringBuilder message = new StringBuilder();
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getUnmatched().isEmpty()) {
            String first = unmatched.getUnmatched().get(0);
            message.append(first.startsWith("-") ? "Unknown option '" : "Unexpected argument '").append(first).append("'.");
            if (!unmatched.getSuggestions().isEmpty()) {
                message.append(" Did you mean '").append(unmatched.getSuggestions().get(0)).append("'?");
            }
        } else {
            message.append(Sentences.of(firstLine(e.getMessage())));
        }
        String command = e.getCommandLine() == null ? "strata" : e.getCommandLine().getCommandSpec().qualifiedName();
        return message.append(" Try '").append(command).append(" --help'.").toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
