package io.strata.pipelines;

import io.strata.artifacts.ClusterArtifacts;
import io.strata.node.StrataExtension;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;

/** Starts the pipelines orchestrator on master nodes and serves {@code /api/v1/pipelines}. */
public final class PipelinesExtension implements StrataExtension {

    @Override
    public String name() {
        return "pipelines";
    }

    @Override
    public Optional<Route> start(Context context) {
        var singleton = PipelinesActor.init(context.system(), context.home(), context.apiUrl(), context.store());
        return Optional.of(new PipelineRoutes(context.system(), singleton, ClusterArtifacts.of(context),
                new io.strata.group.GroupStore(context.store())).routes());
    }
}
