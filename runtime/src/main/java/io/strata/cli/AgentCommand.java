package io.strata.cli;

import io.strata.cli.spi.Checks;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "agent",
        description = "Run an agent in the foreground that joins a cluster and offers this machine's resources.",
        footer = {"", "Cluster traffic is TLS with certificates from the cluster's CA; the first start needs a join token.",
            "Example: strata agent --join 10.0.0.5:25520 --token stj... --host 10.0.0.7 --cpus 8 --attribute rack=r1"})
final class AgentCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Option(names = "--join", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
            description = "The masters' cluster addresses, e.g. 10.0.0.1:25520,10.0.0.2:25520; the agent joins "
                    + "through the first that answers, so it can start while one master host is down.")
    String join;

    @Option(names = "--host", paramLabel = "H", defaultValue = "127.0.0.1",
            description = "Address to listen on and advertise (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "P", defaultValue = "0",
            description = "Cluster port (default: 0, a free one).")
    int port;

    @Option(names = "--token", paramLabel = "T", defaultValue = "${env:STRATA_JOIN_TOKEN}",
            description = {"A join token (from 'strata token create --join' on the cluster; default: env "
                    + "STRATA_JOIN_TOKEN). A host without a certificate in <home>/tls/ needs one to join; it gets its "
                    + "certificate from a master's API and needs no token when it starts again."})
    String token;

    @Mixin
    ResourceOptions resources;

    @Option(names = "--ports", paramLabel = "RANGES", description = "Ports tasks may use (default: 31000-32000).")
    String ports;

    @Option(names = "--attribute", paramLabel = "K=V", description = "An attribute for placement, e.g. rack=r1; repeatable.")
    List<String> attributes = new ArrayList<>();

    @Mixin
    TaskUserOption taskUser;

    @Override
    public Integer call() {
        List<String> seeds = java.util.Arrays.stream(join.split(",")).map(String::strip).filter(x -> !x.isEmpty())
                .toList();
        if (seeds.isEmpty()) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--join needs at least one HOST:PORT, e.g. 10.0.0.1:25520");
        }
        seeds.forEach(seed -> Checks.hostPort(spec, "--join", seed));
        Checks.listenPort(spec, "--port", port);
        resources.validate(spec);
        taskUser.validate(spec);
        if (ports != null) {
            Checks.portRanges(spec, "--ports", ports);
        }
        if (token != null && !token.isBlank()) {
            try {
                io.strata.tls.JoinToken.parse(token);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--token: " + e.getMessage());
            }
        }
        Map<String, String> attributeMap = Checks.keyValues(spec, "--attribute", attributes);
        Path home = strata.home();
        StrataNode node = ForegroundNode.start(NodeConfig.agent(home, host, port, seeds, resources.cpus,
                resources.memMb, resources.diskMb, ports, attributeMap).withTls(token).withTaskUser(taskUser.user), "agent");
        strata.out.println("Strata agent on " + host + (port == 0 ? "" : ":" + port) + " joined " + String.join(",", seeds)
                + " (home " + home + ")");
        return ForegroundNode.runUntilTerminated(node, home);
    }
}
