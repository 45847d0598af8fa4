package io.strata.cli;

import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiTarget;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Sentences;
import io.strata.cli.spi.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
            MasterCommand.class, AgentCommand.class, DaemonCommand.class, ClusterCommand.class,
            GroupCommand.class, TokenCommand.class, UiCommand.class,
            ArtifactCommand.class
        },
        footer = {"", "Start a cluster on this machine with 'strata up', then run 'strata task run --help'.",
            "",
            "Which cluster a command talks to (the first that applies):",
            "  1. --cluster NAME: a cluster added with 'strata cluster add', or 'local'",
            "  2. STRATA_API=URL[,URL...]: the API URLs of the cluster's masters",
            "  3. the current cluster, chosen with 'strata cluster use NAME'",
            "  4. the local cluster of the home, started with 'strata up'",
            "Every master serves the API; when one does not answer, strata tries the next.",
            "",
            "The token sent to the API (the first that applies): --token or STRATA_TOKEN; the",
            "token stored with 'strata cluster add --token' for that cluster; <home>/credentials.json,",
            "which 'strata up' and 'strata master' write when they start a new cluster.",
            "",
            "Environment: STRATA_HOME (--home), STRATA_API (see above), STRATA_TOKEN (--token),",
            "STRATA_CA_FILE (CA certificate for https URLs not added with --ca),",
            "STRATA_CONNECT_TIMEOUT (--connect-timeout)."})
final class StrataCommand implements Callable<Integer>, CliContext {

    private static final Duration API_TIMEOUT = Duration.ofSeconds(30);
    private static final double DEFAULT_CONNECT_TIMEOUT_SECONDS = 2;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-V", "--version"}, versionHelp = true, description = "Print the version and exit.")
    boolean version;

    @Option(names = "--home", paramLabel = "DIR", scope = ScopeType.INHERIT,
            description = "Where the local cluster keeps its state, work dirs and logs, and the CLI its "
                    + "clusters.json (default: $STRATA_HOME, else ~/.strata).")
    Path homeOption;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Show stack traces of errors.")
    boolean debug;

    @Option(names = "--cluster", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Talk to this cluster (added with 'strata cluster add', or 'local' for the one "
                    + "'strata up' runs), whatever STRATA_API or 'strata cluster use' say.")
    String clusterOption;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", scope = ScopeType.INHERIT,
            description = "How long a master of a remote cluster may take to accept a connection before the "
                    + "next URL is tried (default: $STRATA_CONNECT_TIMEOUT, else 2).")
    Double connectTimeoutOption;

    // Not inherited: 'strata agent --join ... --token T' and 'strata cluster add ... --token T' are other tokens.
    @Option(names = "--token", paramLabel = "TOKEN",
            description = "The API token to send, given before the command: strata --token T task list "
                    + "(default: $STRATA_TOKEN, else the cluster's stored token, else <home>/credentials.json).")
    String tokenOption;

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;
    final Map<String, String> env;
    private ApiClient client;

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

    /** One client for the whole run, so that it keeps using the master that answered. */
    @Override
    public ApiClient api() {
        if (client == null) {
            Duration connectTimeout = connectTimeout();
            Optional<ApiTarget.Remote> remote = remote();
            Path home = home();
            if (remote.isPresent()) {
                client = new ApiClient(remote.get(), connectTimeout, API_TIMEOUT, token(), Trust.forCluster(this));
            } else {
                ClusterFile cluster = ClusterFile.read(home).orElseThrow(() -> CliFailure.noCluster(home));
                client = new ApiClient(new ApiTarget.Local(home, cluster.api()), API_TIMEOUT, API_TIMEOUT, token(), null);
            }
        }
        return client;
    }

    /** A remote cluster counts as running: it is on other hosts, and its client says so if it does not answer. */
    @Override
    public boolean clusterRunning() {
        return remote().isPresent() || ClusterFile.read(home()).flatMap(ClusterFile::process).isPresent();
    }

    /** The token to send, by the precedence in the help; null for none. */
    private java.util.function.Supplier<String> token() {
        String fromEnv = env.get("STRATA_TOKEN");
        String given = tokenOption != null ? tokenOption : fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : null;
        if (given != null) {
            return () -> given;
        }
        Optional<String> stored = clusterName().flatMap(name -> KnownClusters.read(home()).token(name));
        if (stored.isPresent()) {
            return stored::get;
        }
        Path home = home();
        return () -> ApiClient.homeToken(home);
    }

    /** The added cluster this run talks to (--cluster, else the current one unless STRATA_API is set); empty for others. */
    Optional<String> clusterName() {
        String name = clusterOption;
        if (name == null) {
            String fromEnv = env.get("STRATA_API");
            if (fromEnv != null && !fromEnv.isBlank()) {
                return Optional.empty();
            }
            name = KnownClusters.read(home()).current().orElse(null);
        }
        return name == null || KnownClusters.LOCAL.equals(name) ? Optional.empty() : Optional.of(name);
    }

    /** The remote cluster this run talks to, by the precedence in the help; empty for the local one. */
    Optional<ApiTarget.Remote> remote() {
        if (clusterOption != null) {
            return named(clusterOption, "--cluster " + clusterOption);
        }
        String fromEnv = env.get("STRATA_API");
        if (fromEnv != null && !fromEnv.isBlank()) {
            try {
                return Optional.of(new ApiTarget.Remote("STRATA_API=" + fromEnv.strip(),
                        KnownClusters.parseUrls(fromEnv), "Check that its masters run, or change STRATA_API"));
            } catch (IllegalArgumentException e) {
                throw new CliFailure(CliFailure.USAGE, "STRATA_API must be URL[,URL...]: "
                        + Sentences.of(e.getMessage()));
            }
        }
        Optional<String> current = KnownClusters.read(home()).current();
        return current.isPresent() ? named(current.get(), "the current cluster") : Optional.empty();
    }

    private Optional<ApiTarget.Remote> named(String name, String chosenBy) {
        if (KnownClusters.LOCAL.equals(name)) {
            return Optional.empty();
        }
        KnownClusters known = KnownClusters.read(home());
        List<URI> urls = known.urls(name).orElseThrow(() -> new CliFailure(CliFailure.USAGE,
                "Unknown cluster '" + name + "' (" + chosenBy + "). " + known.knownNames() + "."));
        return Optional.of(new ApiTarget.Remote("cluster '" + name + "'", urls,
                "Check that its masters run, or its URLs with 'strata cluster list'"));
    }

    Duration connectTimeout() {
        double seconds = DEFAULT_CONNECT_TIMEOUT_SECONDS;
        String source = "--connect-timeout";
        String fromEnv = env.get("STRATA_CONNECT_TIMEOUT");
        if (connectTimeoutOption != null) {
            seconds = connectTimeoutOption;
        } else if (fromEnv != null && !fromEnv.isBlank()) {
            source = "STRATA_CONNECT_TIMEOUT";
            try {
                seconds = Double.parseDouble(fromEnv.strip());
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
        }
        if (!(seconds > 0 && seconds <= 3600)) {
            throw new CliFailure(CliFailure.USAGE, source + " must be a number of seconds greater than 0 "
                    + "(at most 3600), got '" + (source.startsWith("--") ? Table.number(seconds) : fromEnv) + "'.");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    @Override
    public int run(PrintStream commandOut, String... args) {
        List<String> all = new ArrayList<>(List.of("--home", home().toString()));
        if (debug) {
            all.add("--debug");
        }
        if (clusterOption != null) {
            all.addAll(List.of("--cluster", clusterOption));
        }
        if (connectTimeoutOption != null) {
            all.addAll(List.of("--connect-timeout", Double.toString(connectTimeoutOption)));
        }
        if (tokenOption != null) {
            all.addAll(List.of("--token", tokenOption));
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
