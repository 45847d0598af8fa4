package io.strata.node;

import com.typesafe.config.Config;
import io.strata.protocol.MasterCommand;
import io.strata.store.ControlStore;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.http.javadsl.server.Route;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A framework that runs inside Strata's master nodes (a data service or a compute engine): found with
 * {@link java.util.ServiceLoader} on the node's classpath and started on every node with the
 * master role. An extension usually runs its scheduler as a cluster singleton (so it fails over
 * with the master) and serves its operator API under {@code /api/v1/<name>/}.
 */
public interface StrataExtension {

    /** Short lower-case name; also the first path segment of its HTTP routes. */
    String name();

    /** Starts the extension on this node; returns its HTTP routes (mounted under /api/v1), if any. */
    Optional<Route> start(Context context);

    /**
     * What an extension gets from the node.
     *
     * @param apiUrl this node's HTTP API base URL (e.g. http://127.0.0.1:8080); known once the node has
     *               started, so call it from the extension's running code, not from {@code start}
     * @param store  the control plane's replicated records: where an extension keeps its intent
     */
    record Context(ActorSystem<?> system, ActorRef<MasterCommand> master, Path home, Config config,
                   Supplier<String> apiUrl, ControlStore store) {
    }
}
