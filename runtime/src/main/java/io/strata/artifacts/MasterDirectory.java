package io.strata.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.store.ControlStore;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The API URLs of the cluster's master nodes, in the control store (namespace {@value #NAMESPACE},
 * one record per node keyed by its host and port). Each master node registers itself once its API
 * serves; a node that is gone stays listed, since a restarted node comes back at the same address.
 * Artifact copies go to these nodes, and a Spark driver's master URL names them all, so that the
 * driver reaches Strata through whichever is up.
 */
public final class MasterDirectory {

    public static final String NAMESPACE = "cluster/masters";

    private final ControlStore store;

    public MasterDirectory(ControlStore store) {
        this.store = store;
    }

    public void register(String apiUrl) {
        store.putNow(NAMESPACE, key(apiUrl), ArtifactIndex.MAPPER.createObjectNode().put("url", apiUrl).toString());
    }

    /** Every registered master node's API URL, in key order; read from a majority. */
    public List<String> apiUrls() {
        List<String> out = new ArrayList<>();
        store.readAllNow(NAMESPACE).forEach((key, json) -> {
            try {
                JsonNode url = ArtifactIndex.MAPPER.readTree(json).path("url");
                if (url.isTextual()) {
                    out.add(url.asText());
                }
            } catch (IOException e) {
                throw new IllegalStateException("master directory record " + key + " is not JSON: " + e.getMessage(), e);
            }
        });
        return out;
    }

    /** {@code http://10.0.0.1:8080} → {@code 10.0.0.1-8080}: a store key (no ':' or '/'). */
    static String key(String apiUrl) {
        URI uri = URI.create(apiUrl);
        if (uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("master API URL '" + apiUrl + "' must be http://HOST:PORT or https://HOST:PORT");
        }
        return (uri.getHost().toLowerCase(Locale.ROOT) + "-" + uri.getPort()).replaceAll("[^a-z0-9._-]", "-")
                .replaceAll("^[^a-z0-9]+", "");
    }
}
