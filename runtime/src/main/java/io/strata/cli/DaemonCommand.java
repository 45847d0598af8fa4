package io.strata.cli;

import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** The background process 'strata up' starts: a master and N agents in one JVM. */
@Command(name = "daemon", hidden = true,
        description = "Run the embedded single-machine cluster in the foreground (what 'strata up' starts).")
final class DaemonCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Mixin
    LocalClusterOptions cluster;

    @Override
    public Integer call() {
        cluster.validate(spec);
        Path home = strata.home();
        ForegroundNode.ensureHomeIsFree(home);
        ResourceOptions resources = cluster.resources;
        StrataNode node = ForegroundNode.start(NodeConfig.embedded(home, cluster.agents, resources.cpus,
                resources.memMb, resources.diskMb).withTaskUser(cluster.taskUser.user), "daemon");
        strata.out.println("Strata daemon pid=" + ProcessHandle.current().pid() + " api=" + node.apiUrl()
                + " agents=" + cluster.agents + " home=" + home);
        return ForegroundNode.runUntilTerminated(node, home);
    }
}
