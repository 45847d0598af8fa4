package io.strata.cli.spi;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** The cluster a command talks to: the API URLs of its master nodes, in the order to try them. */
public sealed interface ApiTarget {

    List<URI> urls();

    /** The cluster 'strata up' runs for a home, found through the home's cluster.json. */
    record Local(Path home, URI url) implements ApiTarget {
        @Override
        public List<URI> urls() {
            return List.of(url);
        }
    }

    /**
     * A cluster on other hosts.
     *
     * @param name what to call it in a failure, e.g. "cluster 'prod'" or "STRATA_API"
     * @param hint what to check when none of its URLs answers
     */
    record Remote(String name, List<URI> urls, String hint) implements ApiTarget {
        public Remote {
            if (urls.isEmpty()) {
                throw new IllegalArgumentException("a cluster needs at least one API URL");
            }
            urls = List.copyOf(urls);
        }
    }
}
