package io.strata.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
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

    /** Runs one command in-process and returns its exit code; never exits the JVM. */
    static int run(PrintStream out, PrintStream err, Map<String, String> env, String... args) {
        StrataCommand root = new StrataCommand(out, err, env);
        CommandLine cli = new CommandLine(root);
        // Commands of optional modules (pipelines) found on the classpath.
        try {
            for (CliPlugin plugin : java.util.ServiceLoader.load(CliPlugin.class)) {
                for (Object command : plugin.commands()) {
                    cli.addSubcommand(command);
                }
            }
        } catch (java.util.ServiceConfigurationError | LinkageError e) {
            err.println("strata: some commands are unavailable, their module is broken on this classpath ("
                    + e.getMessage() + ")");
        }
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
