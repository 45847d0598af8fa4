package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code <home>/clusters.json}: the clusters this CLI knows by name, each with the API URLs of its
 * master nodes, and the current one ({@code strata cluster use}). Written only by the
 * {@code strata cluster} commands, atomically and readable by its owner only; a person can read and edit it:
 * <pre>{"current": "prod", "clusters": {"prod": ["http://10.0.0.1:8080", "http://10.0.0.2:8080"]}}</pre>
 * A cluster added with a token or a CA certificate is an object instead of the list of URLs:
 * <pre>{"prod": {"urls": ["https://10.0.0.1:8080"], "token": "stk_...", "ca": "/home/me/.strata/ca-prod.crt"}}</pre>
 */
final class KnownClusters {

    static final String FILE = "clusters.json";
    /** The name of the cluster 'strata up' runs for the home; never stored. */
    static final String LOCAL = "local";

    static final String URLS_RULE = "http:// or https://, a host and a port, e.g. http://10.0.0.1:8080";
    static final String NAME_RULE = "letters, digits, '.', '_' or '-', starting with a letter or a digit, "
            + "at most 63 characters, and not 'local'";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final SortedMap<String, List<URI>> clusters;
    private final Map<String, String> tokens = new TreeMap<>();
    private final Map<String, Path> cas = new TreeMap<>();
    private String current;

    private KnownClusters(SortedMap<String, List<URI>> clusters, String current) {
        this.clusters = clusters;
        this.current = current;
    }

    static Path path(Path home) {
        return home.resolve(FILE);
    }

    static KnownClusters read(Path home) {
        Path file = path(home);
        if (!Files.exists(file)) {
            return new KnownClusters(new TreeMap<>(), null);
        }
        try {
            JsonNode json = Json.MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("it is not a JSON object");
            }
            SortedMap<String, List<URI>> clusters = new TreeMap<>();
            Map<String, String> tokens = new TreeMap<>();
            Map<String, Path> cas = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = json.path("clusters").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                String name = checkName(entry.getKey());
                JsonNode value = entry.getValue();
                if (value.isObject()) {
                    if (value.path("token").isTextual()) {
                        tokens.put(name, value.get("token").asText());
                    }
                    if (value.path("ca").isTextual()) {
                        cas.put(name, Path.of(value.get("ca").asText()));
                    }
                    value = value.path("urls");
                }
                List<String> urls = new ArrayList<>();
                if (value.isTextual()) {
                    urls.add(value.asText());
                } else {
                    value.forEach(url -> urls.add(url.asText()));
                }
                clusters.put(name, parseUrls(String.join(",", urls)));
            }
            String current = json.path("current").isTextual() ? json.get("current").asText() : null;
            if (current != null && !clusters.containsKey(current)) {
                throw new IllegalArgumentException("its current cluster '" + current + "' is not among its clusters");
            }
            KnownClusters known = new KnownClusters(clusters, current);
            known.tokens.putAll(tokens);
            known.cas.putAll(cas);
            return known;
        } catch (IOException | IllegalArgumentException e) {
            throw CliFailure.failure("Cannot read " + file + " (" + e.getMessage() + "). Fix it, or delete it "
                    + "and add the clusters again with 'strata cluster add'.");
        }
    }

    void write(Path home) {
        ObjectNode json = Json.MAPPER.createObjectNode();
        if (current == null) {
            json.putNull("current");
        } else {
            json.put("current", current);
        }
        ObjectNode all = json.putObject("clusters");
        clusters.forEach((name, urls) -> {
            // The plain list older versions wrote, unless the cluster has a token or a CA.
            ArrayNode array;
            if (tokens.containsKey(name) || cas.containsKey(name)) {
                ObjectNode entry = all.putObject(name);
                array = entry.putArray("urls");
                if (tokens.containsKey(name)) {
                    entry.put("token", tokens.get(name));
                }
                if (cas.containsKey(name)) {
                    entry.put("ca", cas.get(name).toString());
                }
            } else {
                array = all.putArray(name);
            }
            urls.forEach(url -> array.add(url.toString()));
        });
        try {
            AtomicFile.write(path(home), Json.pretty(json) + "\n");
        } catch (IOException e) {
            throw CliFailure.failure("Cannot write " + path(home) + " (" + e.getMessage() + ").");
        }
    }

    /** The cluster chosen with 'strata cluster use'; empty means the local one. */
    Optional<String> current() {
        return Optional.ofNullable(current);
    }

    SortedMap<String, List<URI>> all() {
        return Collections.unmodifiableSortedMap(clusters);
    }

    Optional<List<URI>> urls(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    /** The token stored for a cluster ({@code strata cluster add --token}). */
    Optional<String> token(String name) {
        return Optional.ofNullable(tokens.get(name));
    }

    /** The CA certificate file stored for a cluster ({@code strata cluster add --ca}), kept in the home. */
    Optional<Path> ca(String name) {
        return Optional.ofNullable(cas.get(name));
    }

    /** Adds a cluster with its token and CA file (either may be null); the first one added becomes the current one. */
    boolean add(String name, List<URI> urls, String token, Path ca) {
        if (token != null) {
            tokens.put(name, token);
        }
        if (ca != null) {
            cas.put(name, ca);
        }
        return add(name, urls);
    }

    /** Adds a cluster; the first one added becomes the current one. Returns whether it did. */
    boolean add(String name, List<URI> urls) {
        clusters.put(name, List.copyOf(urls));
        if (current == null && clusters.size() == 1) {
            current = name;
            return true;
        }
        return false;
    }

    /** Removes a cluster; returns whether it was the current one (then the local cluster is). */
    boolean remove(String name) {
        clusters.remove(name);
        tokens.remove(name);
        cas.remove(name);
        if (name.equals(current)) {
            current = null;
            return true;
        }
        return false;
    }

    /** Makes {@code name} current; {@link #LOCAL} goes back to the local cluster. */
    void use(String name) {
        current = LOCAL.equals(name) ? null : name;
    }

    /** "Known clusters: a, b (and 'local')." for messages about a name that is not one. */
    String knownNames() {
        return clusters.isEmpty()
                ? "No cluster is added yet; add one with 'strata cluster add NAME URL[,URL...]'"
                : "Known clusters: " + String.join(", ", clusters.keySet()) + " (and 'local', the one 'strata up' runs)";
    }

    /** The name itself if valid, else an {@link IllegalArgumentException} saying what is. */
    static String checkName(String name) {
        if (LOCAL.equals(name)) {
            throw new IllegalArgumentException("the name 'local' is taken by the cluster 'strata up' runs on this "
                    + "machine; a name must be " + NAME_RULE);
        }
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a cluster name must be " + NAME_RULE + ", got '" + name + "'");
        }
        return name;
    }

    /**
     * A comma-separated list of API base URLs ({@code http://10.0.0.1:8080,http://10.0.0.2:8080}), each
     * normalised to scheme, host and port; an {@link IllegalArgumentException} names the first bad one.
     */
    static List<URI> parseUrls(String list) {
        List<URI> urls = new ArrayList<>();
        for (String part : list.split(",", -1)) {
            URI url = parseUrl(part.strip());
            if (urls.contains(url)) {
                throw new IllegalArgumentException("URL '" + url + "' is listed twice");
            }
            urls.add(url);
        }
        return List.copyOf(urls);
    }

    private static URI parseUrl(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("the list has an empty URL; each must be " + URLS_RULE);
        }
        if (!text.contains("://")) {
            throw new IllegalArgumentException("URL '" + text + "' must start with http:// or https://, e.g. "
                    + "http://10.0.0.1:8080");
        }
        URI url;
        try {
            url = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL (" + e.getReason() + "); each must be "
                    + URLS_RULE);
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("URL '" + text + "' must start with http:// or https://, e.g. "
                    + "http://10.0.0.1:8080");
        }
        if (url.getHost() == null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("URL '" + text + "' has no valid host; it must be " + URLS_RULE);
        }
        if (url.getPort() < 1 || url.getPort() > 65535) {
            throw new IllegalArgumentException("URL '" + text + "' needs a port from 1 to 65535 (a master serves its "
                    + "API on 8080 unless started with --api-port), e.g. " + scheme + "://" + url.getHost() + ":8080");
        }
        boolean noPath = url.getRawPath() == null || url.getRawPath().isEmpty() || url.getRawPath().equals("/");
        if (!noPath || url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new IllegalArgumentException("URL '" + text + "' must be only scheme, host and port (strata adds "
                    + "the API's paths), e.g. " + scheme + "://" + url.getHost() + ":" + url.getPort());
        }
        return URI.create(scheme + "://" + url.getRawAuthority());
    }
}
