package io.strata.cli;

import io.strata.cli.spi.CliFailure;
import io.strata.node.NodeConfig;
import io.strata.node.StrataNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.CompletionException;

/**
 * Runs a started node until it terminates. A node with an API is recorded in the home's
 * cluster.json, so that the other commands find it; SIGTERM stops it (and its tasks) cleanly.
 */
final class ForegroundNode {

    private ForegroundNode() {
    }

    /** Refuses to start a second node process on a home whose recorded process still runs. */
    static void ensureHomeIsFree(Path home) {
        ClusterFile.read(home).ifPresent(existing -> {
            if (existing.process().isPresent()) {
                throw CliFailure.failure("Strata process " + existing.pid() + " already serves home " + home + " at "
                        + existing.api() + ". Stop it with 'strata down' or use another --home.");
            }
            ClusterFile.delete(home);
        });
    }

    /** Starts the node; a failure to bind or join is the user's to fix, so it becomes a sentence. */
    static StrataNode start(NodeConfig config, String what) {
        return start(config, what, com.typesafe.config.ConfigFactory.empty());
    }

    /** As above, with settings that override the defaults (e.g. the control store's min-masters). */
    static StrataNode start(NodeConfig config, String what, com.typesafe.config.Config overrides) {
        try {
            return StrataNode.start(config, overrides);
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String reason = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
            throw new CliFailure(CliFailure.FAILURE, "Cannot start the Strata " + what + ": " + reason
                    + ". Run again with --debug for details.", e);
        }
    }

    static int runUntilTerminated(StrataNode node, Path home) {
        long pid = ProcessHandle.current().pid();
        boolean recorded = node.apiUrl() != null;
        Thread stopOnSignal = new Thread(() -> {
            node.close();
            if (recorded) {
                ClusterFile.deleteIfOwnedBy(home, pid);
            }
        }, "strata-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnSignal);
        try {
            if (recorded) {
                new ClusterFile(pid, URI.create(node.apiUrl()), Instant.now()).write(home);
            }
            node.terminated().toCompletableFuture().join();
            return 0;
        } catch (IOException e) {
            node.close();
            throw CliFailure.failure("Cannot write " + ClusterFile.path(home) + " (" + e.getMessage()
                    + "); stopped the node. Check that the home is writable.");
        } catch (CompletionException e) {
            throw new CliFailure(CliFailure.FAILURE, "The Strata node stopped with an error ("
                    + e.getCause() + "). See the log above.", e.getCause());
        } finally {
            if (recorded) {
                ClusterFile.deleteIfOwnedBy(home, pid);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnSignal);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run: it stops the node
            }
        }
    }
}
