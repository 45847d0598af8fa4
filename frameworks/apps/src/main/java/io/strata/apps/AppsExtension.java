package io.strata.apps;

import io.strata.artifacts.ClusterArtifacts;
import io.strata.group.GroupStore;
import io.strata.node.StrataExtension;
import io.strata.spark.plugin.ArtifactFetch;
import org.apache.pekko.http.javadsl.server.Route;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Optional;

/** Runs the apps framework on master nodes (a cluster singleton) and serves /api/v1/apps. */
public final class AppsExtension implements StrataExtension {

    @Override
    public String name() {
        return "apps";
    }

    @Override
    public Optional<Route> start(Context context) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String fetcherClassPath = fetcherClassPath();
        var apps = AppsActor.init(context.system(), context.master(), context.store(),
                () -> new AppTasks.Fetcher(java, fetcherClassPath, context.apiUrl().get()));
        return Optional.of(new AppRoutes(context.system(), apps, new GroupStore(context.store()),
                ClusterArtifacts.of(context)).routes());
    }

    /**
     * Where the artifact fetcher Spark's drivers run is (its JDK-only jar, or classes directory in a development
     * build): instances run the same one, from the same path on every host, as Strata's own jars are.
     */
    static String fetcherClassPath() {
        try {
            return Path.of(ArtifactFetch.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the artifact fetcher (strata-spark-plugin)", e);
        }
    }
}
