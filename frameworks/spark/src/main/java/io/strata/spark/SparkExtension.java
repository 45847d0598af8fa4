package io.strata.spark;

import io.strata.artifacts.ClusterArtifacts;
import io.strata.node.StrataExtension;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;

/** Starts the Spark framework on master nodes and serves {@code /api/v1/spark/...}. */
public final class SparkExtension implements StrataExtension {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public Optional<Route> start(Context context) {
        SparkSettings settings = SparkSettings.from(context.config());
        var framework = SparkFramework.init(context.system(), context.master(), settings, context.store());
        ClusterArtifacts artifacts = ClusterArtifacts.of(context);
        // The node serves /api/v1/artifacts from the same store; the routes check uploaded jars in it
        // (fetched first from another master node if this one lacks them).
        return Optional.of(new SparkRoutes(context.system(), framework, artifacts, new io.strata.group.GroupStore(context.store())).routes());
    }
}
