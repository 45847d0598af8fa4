package io.strata.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "down", description = "Stop the cluster started by 'strata up' and every task it runs.")
final class DownCommand implements Callable<Integer> {

    static final Duration GRACE = Duration.ofSeconds(30);

    @ParentCommand
    StrataCommand strata;

    @Override
    public Integer call() {
        Path home = strata.home();
        Optional<ClusterFile> cluster = ClusterFile.read(home);
        Optional<ProcessHandle> process = cluster.flatMap(ClusterFile::process);
        if (process.isEmpty()) {
            cluster.ifPresent(stale -> ClusterFile.delete(home));
            strata.out.println("No Strata cluster is running (home " + home + ")");
            return 0;
        }
        boolean clean = ProcessStopper.stop(process.get(), GRACE);
        ClusterFile.deleteIfOwnedBy(home, process.get().pid());
        if (!clean) {
            strata.err.println("Strata process " + process.get().pid() + " did not stop within "
                    + GRACE.toSeconds() + " s and was killed; see " + home.resolve("logs") + ".");
        }
        strata.out.println("Strata is down");
        return 0;
    }
}
