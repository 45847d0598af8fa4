package io.strata.dashboard;

import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.MediaTypes;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web dashboard's files, served by every master node on the API's port: {@code GET /} is the
 * page, {@code /ui/...} its scripts and styles (classpath {@code strata-ui/}) and {@code /ui/lib/uplot/...}
 * the charting library from its WebJar. They hold no cluster data, so they are open without a token
 * (see {@code ApiGuard}); every number on the page comes from the API with the token the user signed
 * in with.
 */
public final class UiRoutes extends AllDirectives {

    static final String ROOT = "strata-ui/";
    static final String UPLOT = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    public Route routes() {
        return get(() -> concat(
                pathSingleSlash(() -> file(ROOT + "index.html")),
                path("index.html", () -> file(ROOT + "index.html")),
                pathPrefix("ui", () -> concat(
                        pathPrefix("lib", () -> pathPrefix("uplot", () -> path(PathMatchers.remaining(), rest -> file(checked(UPLOT, rest))))),
                        path(PathMatchers.remaining(), rest -> file(checked(ROOT, rest)))))));
    }

    /** Paths only of plain names below the root: no "..", no absolute paths, no odd characters. */
    private static String checked(String root, String rest) {
        return SAFE.matcher(rest).matches() && !rest.contains("..") ? root + rest : null;
    }

    private Route file(String resource) {
        byte[] bytes = resource == null ? null : cache.computeIfAbsent(resource, UiRoutes::load);
        if (bytes == null || bytes.length == 0) {
            return complete(HttpResponse.create().withStatus(StatusCodes.NOT_FOUND)
                    .withEntity(ContentTypes.APPLICATION_JSON, "{\"error\":\"no such dashboard file\"}"));
        }
        return complete(HttpResponse.create().withStatus(StatusCodes.OK)
                .addHeader(RawHeader.create("Cache-Control", resource.endsWith("index.html") ? "no-cache" : "max-age=60"))
                .addHeader(RawHeader.create("X-Content-Type-Options", "nosniff"))
                .addHeader(RawHeader.create("Content-Security-Policy",
                        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'"))
                .withEntity(type(resource), bytes));
    }

    private static byte[] load(String resource) {
        try (InputStream in = UiRoutes.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    static ContentType type(String resource) {
        if (resource.endsWith(".html")) {
            return ContentTypes.TEXT_HTML_UTF8;
        }
        if (resource.endsWith(".js")) {
            return MediaTypes.APPLICATION_JAVASCRIPT.toContentType(org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8);
        }
        if (resource.endsWith(".css")) {
            return MediaTypes.TEXT_CSS.toContentType(org.apache.pekko.http.javadsl.model.HttpCharsets.UTF_8);
        }
        if (resource.endsWith(".svg")) {
            return MediaTypes.IMAGE_SVG_XML.toContentType();
        }
        if (resource.endsWith(".png")) {
            return MediaTypes.IMAGE_PNG.toContentType();
        }
        return ContentTypes.APPLICATION_OCTET_STREAM;
    }

    private static String uplotVersion() {
        try (InputStream in = UiRoutes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "1.6.30");
        } catch (IOException e) {
            return "1.6.30";
        }
    }
}
