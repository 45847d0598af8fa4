package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.CliPlugin;
import io.strata.cli.spi.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import picocli.CommandLine;

/**
 * Runs strata commands in-process against a given home and captures what they print; for the
 * CLI tests of every module (their plug-ins are found on the test classpath).
 */
public record StrataCli(int exitCode, String out, String err) {

    /** Runs with the plug-ins on the classpath, as {@code bin/strata} does. */
    public static StrataCli run(Path home, String... args) {
        return run(home, ServiceLoader.load(CliPlugin.class), args);
    }

    /** Runs with the given plug-ins only. */
    public static StrataCli run(Path home, Iterable<CliPlugin> plugins, String... args) {
        return run(home, Map.of(), plugins, args);
    }

    /** Runs with more environment variables than STRATA_HOME (such as STRATA_API), with the plug-ins on the classpath. */
    public static StrataCli run(Path home, Map<String, String> env, String... args) {
        return run(home, env, ServiceLoader.load(CliPlugin.class), args);
    }

    /** Runs with more environment variables than STRATA_HOME and the given plug-ins only. */
    public static StrataCli run(Path home, Map<String, String> env, Iterable<CliPlugin> plugins, String... args) {
        Map<String, String> all = new HashMap<>(env);
        all.put("STRATA_HOME", home.toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exitCode = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all, plugins, args);
        return new StrataCli(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Makes {@code home} point at the API at {@code api}, as if this JVM were the cluster's daemon. */
    public static void pointAt(Path home, URI api) {
        try {
            new ClusterFile(ProcessHandle.current().pid(), api, Instant.now()).write(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses what a command printed, or what a test expects, as JSON. */
    public static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** Every command, as the words that call it ({@code [strata, task, run]}), with the plug-ins on the classpath. */
    public static List<List<String>> commands() {
        CommandLine root = Main.commandLine(new StrataCommand(System.out, System.err, Map.of()),
                ServiceLoader.load(CliPlugin.class));
        List<List<String>> commands = new ArrayList<>();
        collect(root, new ArrayList<>(), commands);
        return commands;
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> into) {
        List<String> here = new ArrayList<>(path);
        here.add(command.getCommandName());
        into.add(here);
        command.getSubcommands().values().forEach(sub -> collect(sub, here, into));
    }
}
