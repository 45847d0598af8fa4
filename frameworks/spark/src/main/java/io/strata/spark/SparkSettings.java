package io.strata.spark;

import com.typesafe.config.Config;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

/**
 * Where Spark's jars, the plug-in and java are on the agents, and the framework's timings. Paths
 * are the same on every host (a shared install path), as for Strata's own jars.
 *
 * @param moduleFlags Spark's Java 17 module flags, read from the spark-launcher jar in the dist so
 *                    that they always match the Spark version the drivers and executors run
 */
public record SparkSettings(Path dist, String pluginClassPath, String java, List<String> moduleFlags,
                            Duration driverTimeout, int maxExecutorFailures, int retainedEnded) {

    private static final String PLUGIN_CLASS = "io/strata/spark/plugin/StrataClusterManager.class";

    public static SparkSettings from(Config config) {
        Config c = config.getConfig("strata.spark");
        Path dist = c.getString("dist").isBlank() ? builtDist() : Path.of(c.getString("dist"));
        String java = c.getString("java").isBlank()
                ? Path.of(System.getProperty("java.home"), "bin", "java").toString() : c.getString("java");
        return new SparkSettings(dist, locatePlugin(), java, moduleFlags(dist), c.getDuration("driver-timeout"),
                c.getInt("max-executor-failures"), c.getInt("retained-ended"));
    }

    /** The class path of Spark's JVMs: Spark's jars (the java launcher expands the wildcard), then the plug-in. */
    public String sparkClassPath() {
        return dist.resolve("*") + ":" + pluginClassPath;
    }

    private static Path builtDist() {
        try (InputStream in = SparkSettings.class.getResourceAsStream("build.properties")) {
            Properties p = new Properties();
            p.load(in);
            return Path.of(p.getProperty("spark.dist"));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("strata.spark.dist is not set and this build recorded no Spark dist", e);
        }
    }

    /**
     * The plug-in's jar (or classes directory in a development build), found through one of its
     * class files: loading the class itself would need Spark, which is not on this classpath.
     */
    static String locatePlugin() {
        URL url = SparkSettings.class.getClassLoader().getResource(PLUGIN_CLASS);
        if (url == null) {
            throw new IllegalStateException("the Strata Spark plug-in (strata-spark-plugin) is not on the classpath");
        }
        String s = url.toString();
        try {
            if (s.startsWith("jar:")) {
                return Path.of(new URL(s.substring(4, s.indexOf("!/"))).toURI()).toString();
            }
            String root = s.substring(0, s.length() - PLUGIN_CLASS.length());
            return Path.of(new URL(root).toURI()).toString();
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot locate the Strata Spark plug-in from " + s, e);
        }
    }

    private static List<String> moduleFlags(Path dist) {
        try (var jars = Files.list(dist)) {
            Path launcher = jars.filter(p -> p.getFileName().toString().startsWith("spark-launcher_"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no spark-launcher jar in " + dist
                            + "; build it with 'mvn -pl frameworks/spark/plugin generate-resources'"));
            try (URLClassLoader loader = new URLClassLoader(new URL[] {launcher.toUri().toURL()}, null)) {
                Object flags = loader.loadClass("org.apache.spark.launcher.JavaModuleOptions")
                        .getMethod("defaultModuleOptionArray").invoke(null);
                return Arrays.asList((String[]) flags);
            }
        } catch (IOException | ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read Spark's module flags from " + dist + ": " + e, e);
        }
    }
}
