package io.strata.security;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Authenticates every API request and checks its permission (method + path) before any route sees
 * it; adds the {@link Principals#HEADER} header routes read. Open without a token: {@code GET
 * /health}, the dashboard's files ({@code GET /} and {@code /ui/...}: no cluster data), {@code POST /api/v1/join} (it checks a join token itself),
 * {@code POST /api/v1/ui/signin} (it checks a one-time sign-in code itself) and, with
 * {@code strata.api.metrics-open = true}, {@code GET /metrics}.
 */
public final class ApiGuard extends AllDirectives {

    private static final List<String> ADMIN_PATHS = List.of("/api/v1/tokens", "/api/v1/join-tokens", "/api/v1/cluster");
    private static final String GROUPS = "/api/v1/groups";
    /** Requests that send a body but change no work: any valid token may make them. */
    private static final List<String> READING_POSTS = List.of("/api/v1/ui/links", "/api/v1/analysis");

    private final TokenBook book;
    private final boolean metricsOpen;

    public ApiGuard(TokenBook book, boolean metricsOpen) {
        this.book = book;
        this.metricsOpen = metricsOpen;
    }

    public Route guard(Supplier<Route> inner) {
        return extractRequest(req -> {
            String method = req.method().value();
            String path = req.getUri().path();
            if (open(method, path, metricsOpen)) {
                return mapRequest(r -> r.removeHeader(Principals.HEADER), inner);
            }
            Optional<String> authorization = req.getHeader("Authorization").map(HttpHeader::value);
            if (authorization.isPresent() && !authorization.get().regionMatches(true, 0, "Bearer ", 0, 7)) {
                return complete(unauthenticated("the Authorization header must be 'Bearer <token>'"));
            }
            String token = authorization.map(a -> a.substring(7).strip()).orElse(null);
            var checked = book.verify(token).exceptionally(e -> Verdict.cannotCheck("cannot check this token now ("
                    + e.getClass().getSimpleName() + "); try again"));
            return onSuccess(checked, verdict -> {
                if (!verdict.authenticated()) {
                    return complete(verdict.unavailable()
                            ? error(StatusCodes.SERVICE_UNAVAILABLE, verdict.problem())
                            : unauthenticated(verdict.problem()));
                }
                Principal p = verdict.principal();
                Permission needed = needed(method, path);
                if (!p.role().allows(needed)) {
                    return complete(error(StatusCodes.FORBIDDEN, "token '" + p.name() + "' (role " + p.role().spelling()
                            + ") lacks the '" + needed.leastRole() + "' permission (" + needed.spelling()
                            + ") needed for " + method + " " + path));
                }
                return mapRequest(r -> r.removeHeader(Principals.HEADER).addHeader(Principals.header(p)), inner);
            });
        });
    }

    /** Requests that need no token. */
    static boolean open(String method, String path, boolean metricsOpen) {
        return method.equals("GET") && path.equals("/health")
                || method.equals("GET") && (path.equals("/") || path.equals("/index.html") || path.startsWith("/ui/"))
                || method.equals("POST") && (path.equals("/api/v1/join") || path.equals("/api/v1/ui/signin"))
                || metricsOpen && method.equals("GET") && path.equals("/metrics");
    }

    /** The permission a request needs, by method and path. */
    static Permission needed(String method, String path) {
        String m = method.toUpperCase(Locale.ROOT);
        boolean read = m.equals("GET") || m.equals("HEAD") || m.equals("OPTIONS");
        for (String admin : ADMIN_PATHS) {
            if (under(path, admin)) {
                return Permission.ADMIN;
            }
        }
        if (m.equals("POST") && READING_POSTS.contains(path)) {
            return Permission.READ;
        }
        if (under(path, GROUPS)) {
            return read ? Permission.READ : Permission.ADMIN;
        }
        return read ? Permission.READ : Permission.WRITE;
    }

    private static boolean under(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    private static HttpResponse unauthenticated(String problem) {
        return error(StatusCodes.UNAUTHORIZED, problem).addHeader(RawHeader.create("WWW-Authenticate", "Bearer"));
    }

    private static HttpResponse error(StatusCode status, String sentence) {
        return HttpResponse.create().withStatus(status).withEntity(ContentTypes.APPLICATION_JSON,
                IssuedToken.MAPPER.createObjectNode().put("error", sentence).toString());
    }
}
