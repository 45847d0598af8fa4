package io.strata.apps;

import io.strata.group.GroupStore;
import io.strata.node.StrataExtension;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;

/** Runs the apps framework on master nodes (a cluster singleton) and serves /api/v1/apps. */
public final class AppsExtension implements StrataExtension {

    @Override
    public String name() {
        return "apps";
    }

    @Override
    public Optional<Route> start(Context context) {
        var apps = AppsActor.init(context.system(), context.master(), context.store());
        return Optional.of(new AppRoutes(context.system(), apps, new GroupStore(context.store())).routes());
    }
}
