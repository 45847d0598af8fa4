package io.strata.cli;

import io.strata.cli.spi.Checks;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import io.strata.tls.CertificateAuthority;
import io.strata.tls.TlsFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "master",
        description = {"Run a master (with the HTTPS API) in the foreground, for a cluster across hosts.",
            "Without --seed (or with itself as the first --seed) it starts a new cluster and its CA; other masters "
                    + "and agents join with a join token: 'strata agent --join HOST:PORT --token T'."})
final class MasterCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "Address to listen on and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "25520",
            description = "Cluster port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--api-port", paramLabel = "A", defaultValue = "8080",
            description = "HTTPS API port (default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--seed", paramLabel = "HOST:PORT",
            description = "A running cluster node to join, e.g. another master; repeatable.")
    List<String> seeds = new ArrayList<>();

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:STRATA_JOIN_TOKEN}",
            description = {"A join token (from 'strata token create --join' on the cluster; default: env "
                    + "STRATA_JOIN_TOKEN). A host without a certificate in <home>/tls/ needs one to join a cluster through --seed; it gets its "
                    + "certificate from a master's API and needs no token when it starts again."})
    String token;

    @Option(names = "--masters", paramLabel = "N",
            description = {"How many master nodes the cluster has (default: the distinct --seed addresses, counting "
                    + "this node). Writes and reads of the replicated control store need a majority of them "
                    + "(N/2+1), so a master that starts alone after an outage waits for the others instead of "
                    + "serving its own, possibly stale, copy."})
    Integer masters;

    @Override
    public Integer call() {
        Checks.listenPort(spec, "--port", port);
        Checks.listenPort(spec, "--api-port", apiPort);
        seeds.forEach(seed -> Checks.hostPort(spec, "--seed", seed));
        if (masters != null && (masters < 1 || masters > 99)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--masters must be between 1 and 99, got " + masters);
        }
        if (token != null && !token.isBlank()) {
            try {
                io.strata.tls.JoinToken.parse(token);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--token: " + e.getMessage());
            }
        }
        Path home = strata.home();
        ForegroundNode.ensureHomeIsFree(home);
        int expected = masters != null ? masters : expectedMasters(host + ":" + port, seeds);
        StrataNode node = ForegroundNode.start(NodeConfig.master(home, host, port, apiPort, seeds).withTls(token), "master",
                com.typesafe.config.ConfigFactory.parseMap(java.util.Map.of("strata.store.min-masters", expected / 2 + 1)));
        strata.out.println("Strata master listening on " + host + ":" + port + ", API at " + node.apiUrl()
                + (seeds.isEmpty() ? ", new cluster" : ", joined " + String.join(",", seeds)) + " (home " + home + ")");
        node.bootstrapToken().ifPresent(token -> strata.out.println("Admin token of the new cluster (shown once; the CLI "
                + "of this home reads it from " + io.strata.security.Credentials.path(home) + "): " + token));
        strata.out.println("The control store needs " + (expected / 2 + 1) + " of " + expected
                + " master node(s) to read or write" + (masters != null ? "" : " (counted from --seed; --masters N to change)") + ".");
        TlsFiles tls = new TlsFiles(home);
        strata.out.println("Cluster CA certificate: " + tls.caFile().toAbsolutePath() + " (SHA-256 "
                + CertificateAuthority.fingerprint(tls.ca()) + "); clients trust it with 'strata cluster add NAME "
                + node.apiUrl() + " --ca " + tls.caFile().toAbsolutePath() + "'. Other hosts join with a token from "
                + "'strata token create --join'.");
        return ForegroundNode.runUntilTerminated(node, home);
    }

    /** The seeds name the masters (README: every master lists all of them); this node counts too. */
    static int expectedMasters(String self, List<String> seeds) {
        java.util.Set<String> all = new java.util.LinkedHashSet<>(seeds);
        all.add(self);
        return all.size();
    }
}
