package io.strata.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a framework's server jars are (the servers its pods run): the folder Maven filled
 * for this checkout, recorded at build time in a properties resource next to the framework's
 * classes, unless a system property names another folder. Servers run from it in their own
 * processes; it never goes on a Strata node's classpath.
 */
public final class ServerDist {

    private ServerDist() {
    }

    /**
     * @param anchor   a class of the framework; {@code resource} is looked up beside it
     * @param resource a properties file with a {@code dist} entry
     * @param property the system property that overrides it, e.g. strata.&lt;type&gt;.dist
     * @param module   the Maven module that fills the folder, for the error message
     */
    public static Path locate(Class<?> anchor, String resource, String property, String module) {
        String override = System.getProperty(property);
        Path dir = override != null ? Path.of(override) : recorded(anchor, resource);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("the server jars are not at " + dir + "; build them with 'mvn -q package -pl "
                    + module + "' or set -D" + property + "=DIR");
        }
        return dir.toAbsolutePath();
    }

    private static Path recorded(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing beside " + anchor.getName());
            }
            Properties p = new Properties();
            p.load(in);
            return Path.of(p.getProperty("dist"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
