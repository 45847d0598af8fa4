package io.strata.cli;

import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root {@code strata} command: global options, and the streams, environment and cluster its
 * subcommands use (plug-ins see them as the {@link CliContext}).
 */
@Command(name = "strata",
        versionProvider = StrataCommand.Version.class,
        description = "Strata runs tasks and data pipelines on a cluster of machines.",
        subcommands = {
            UpCommand.class, DownCommand.class, StatusCommand.class, TaskCommand.class,
            MasterCommand.class, AgentCommand.class, DaemonCommand.class
        },
        footer = {"", "Start a cluster on this machine with 'strata up', then run 'strata task run --help'."})
final class StrataCommand implements Callable<Integer>, CliContext {

    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where the local cluster keeps its state, work dirs and logs "
                    + "(default: $STRATA_HOME, else ~/.strata).")
    Path homeOption;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean debug;

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;

    StrataCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = env;
    }

    @Override
    public PrintStream out() {
        return out;
    }

    @Override
    public PrintStream err() {
        return err;
    }

    @Override
    public Path home() {
        Path home = homeOption;
        if (home == null) {
            String fromEnv = env.get("STRATA_HOME");
            home = fromEnv != null && !fromEnv.isBlank()
                    ? Path.of(fromEnv) : Path.of(System.getProperty("user.home"), ".strata");
        }
        return home.toAbsolutePath().normalize();
    }

    @Override
    public ApiClient api() {
        Path home = home();
        ClusterFile cluster = ClusterFile.read(home).orElseThrow(() -> CliFailure.noCluster(home));
        return new ApiClient(cluster.api(), home, API_TIMEOUT);
    }

    @Override
    public boolean clusterRunning() {
        return ClusterFile.read(home()).flatMap(ClusterFile::process).isPresent();
    }

    @Override
    public int run(PrintStream commandOut, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home().toString()));
        if (debug) {
            all.add("--debug");
        }
        all.addAll(List.of(args));
        return Main.run(commandOut, err, env, all.toArray(String[]::new));
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(err);
        return CliFailure.USAGE;
    }

    /** The version Maven recorded in the jar; classes run from a build directory are a development build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            try (InputStream in = StrataCommand.class.getResourceAsStream(
                    "/META-INF/maven/io.strata/strata-runtime/pom.properties")) {
                if (in == null) {
                    return new String[] {"strata (development build)"};
                }
                Properties pom = new Properties();
                pom.load(in);
                return new String[] {"strata " + pom.getProperty("version", "(unknown version)")};
            }
        }
    }
}
