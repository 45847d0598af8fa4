package io.strata.spark.plugin;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Strata master URL, {@code strata://HOST:PORT[,HOST:PORT...]}: the API of one or more master
 * nodes of the same cluster, in the order to try them (as Spark standalone's
 * {@code spark://h1:7077,h2:7077}). Pure.
 */
final class MasterUrl {

    static final String PREFIX = "strata://";

    private MasterUrl() {
    }

    /**
     * The API base URLs the master URL names, in its order without repeats: {@code https://} for
     * each when the cluster's CA is given, else {@code http://}.
     *
     * @throws IllegalArgumentException naming the entry that is not HOST:PORT
     */
    static List<URI> apis(String masterUrl, boolean https) {
        if (masterUrl == null || !masterUrl.startsWith(PREFIX)) {
            throw new IllegalArgumentException("a Strata master URL starts with " + PREFIX + ", got '" + masterUrl + "'");
        }
        String rest = masterUrl.substring(PREFIX.length());
        String scheme = https ? "https" : "http";
        Set<URI> apis = new LinkedHashSet<>();
        String[] entries = rest.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            apis.add(api(scheme, entries[i].strip(), i + 1, masterUrl));
        }
        return List.copyOf(apis);
    }

    private static URI api(String scheme, String entry, int position, String masterUrl) {
        URI uri = null;
        if (!entry.isEmpty() && !entry.contains("/") && !entry.contains("@")) {
            try {
                uri = new URI(scheme + "://" + entry);
            } catch (URISyntaxException e) {
                uri = null;
            }
        }
        if (uri == null || uri.getHost() == null || uri.getPort() < 0 || uri.getRawQuery() != null
                || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a Strata master URL is strata://HOST:PORT[,HOST:PORT...] (the API of "
                    + "each master node), but entry " + position + " of '" + masterUrl + "' is '" + entry
                    + "', not HOST:PORT");
        }
        return uri;
    }
}
