package io.strata.bench.spark;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Strata's Spark framework, loaded into a class loader of its own (a node started with it as the
 * thread's context class loader runs the extension; nodes of the other figures do not), and Spark
 * exactly as that framework runs its executors: the jars, the java and the module flags its
 * {@code SparkSettings} finds. The standalone peer and both sides' drivers use the same.
 */
public record SparkJars(URLClassLoader framework, Path dist, String classPath, String java, List<String> moduleFlags)
        implements AutoCloseable {

    public static SparkJars locate() throws Exception {
        Properties built = new Properties();
        try (InputStream in = SparkJars.class.getResourceAsStream("build.properties")) {
            built.load(in);
        }
        Path framework = existing(built.getProperty("framework.classes"));
        Path plugin = existing(built.getProperty("plugin.classes"));
        URLClassLoader loader = new URLClassLoader("strata-spark",
                new URL[] {framework.toUri().toURL(), plugin.toUri().toURL()}, SparkJars.class.getClassLoader());
        try {
            Config config = ConfigFactory.load(loader);
            Object settings = loader.loadClass("io.strata.spark.SparkSettings").getMethod("from", Config.class)
                    .invoke(null, config);
            Class<?> type = settings.getClass();
            @SuppressWarnings("unchecked")
            List<String> flags = (List<String>) type.getMethod("moduleFlags").invoke(settings);
            return new SparkJars(loader, (Path) type.getMethod("dist").invoke(settings),
                    (String) type.getMethod("sparkClassPath").invoke(settings),
                    (String) type.getMethod("java").invoke(settings), List.copyOf(flags));
        } catch (Exception e) {
            loader.close();
            throw e;
        }
    }

    private static Path existing(String built) {
        Path p = Path.of(built).normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException(p + " is missing: build the Spark framework first"
                    + " (mvn -q -B install -DskipTests -pl bench -am)");
        }
        return p;
    }

    @Override
    public void close() throws IOException {
        framework.close();
    }
}
