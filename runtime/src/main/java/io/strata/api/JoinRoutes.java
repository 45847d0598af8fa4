package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.strata.tls.CertificateAuthority;
import io.strata.tls.CertificateRequests;
import io.strata.tls.ClusterCa;
import io.strata.tls.JoinToken;
import io.strata.tls.JoinTokens;
import io.strata.tls.Pem;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts joining the cluster: {@code POST /api/v1/join} (a join token and a certificate request in,
 * the host's certificate and the cluster CA out; needs no API token, the join token is the proof)
 * and the join tokens themselves, {@code POST|GET /api/v1/join-tokens}, {@code DELETE
 * /api/v1/join-tokens/ID} (admin).
 */
public final class JoinRoutes extends AllDirectives {

    /** POST /api/v1/join: a host's enrollment. */
    static final StrictJson.Schema JOIN = StrictJson.object().text("token").text("csr").text("host");
    /** POST /api/v1/join-tokens (the body may be empty). */
    static final StrictJson.Schema JOIN_TOKEN = StrictJson.object().text("ttl");

    private static final Logger LOG = LoggerFactory.getLogger(JoinRoutes.class);
    private static final long MAX_BODY = 64 * 1024;
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}");
    private static final String NO_TLS = "this cluster runs without TLS (a cluster in one process, such as 'strata up' "
            + "starts): other hosts cannot join it; start masters with 'strata master' for a cluster across hosts";

    private final JoinTokens tokens;
    private final ClusterCa ca;
    private final Supplier<Integer> apiPort;
    private final Clock clock;

    public JoinRoutes(JoinTokens tokens, ClusterCa ca, Supplier<Integer> apiPort, Clock clock) {
        this.tokens = tokens;
        this.ca = ca;
        this.apiPort = apiPort;
        this.clock = clock;
    }

    public Route routes() {
        return withSizeLimit(MAX_BODY, () -> concat(
                path("join", () -> post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(join(body))))),
                path("join-tokens", () -> concat(
                        post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(create(body)))),
                        get(() -> completeWithFuture(list())))),
                path(PathMatchers.segment("join-tokens").slash(PathMatchers.segment()), id -> PathParams.checked("join token id", id, () ->
                        delete(() -> completeWithFuture(delete(id)))))));
    }

    private CompletionStage<HttpResponse> join(String body) {
        if (!ca.enabled()) {
            return ApiResponses.done(ApiResponses.error(StatusCodes.CONFLICT, NO_TLS));
        }
        JoinToken token;
        PublicKey key;
        String host;
        try {
            JsonNode n = JOIN.parse(body);
            String tokenText = text(n, "token");
            key = CertificateRequests.verifiedKey(text(n, "csr"));
            host = text(n, "host");
            if (!HOST.matcher(host).matches()) {
                throw new IllegalArgumentException("'host' must be the joining host's address or name, e.g. 10.0.0.7");
            }
            try {
                token = JoinToken.parse(tokenText);
            } catch (IllegalArgumentException e) {
                return ApiResponses.done(ApiResponses.error(StatusCodes.UNAUTHORIZED, e.getMessage()));
            }
        } catch (IllegalArgumentException e) {
            return ApiResponses.done(ApiResponses.error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        return tokens.check(token).thenCompose(refused -> {
            if (refused.isPresent()) {
                LOG.info("join refused token={} host={} reason=\"{}\"", token.id(), host, refused.get());
                return ApiResponses.done(ApiResponses.error(StatusCodes.UNAUTHORIZED, refused.get()));
            }
            return ca.get().thenApply(found -> {
                if (found.isEmpty()) {
                    return ApiResponses.error(StatusCodes.SERVICE_UNAVAILABLE, "this master cannot read the cluster CA "
                            + "from the control store yet; try again, or join through another master");
                }
                CertificateAuthority authority = found.get();
                if (!authority.fingerprint().equals(token.caFingerprint())) {
                    return ApiResponses.error(StatusCodes.UNAUTHORIZED, "this join token was made for another cluster");
                }
                X509Certificate cert = authority.issue(key, List.of(host), clock);
                LOG.info("host joined host={} token={} serial={}", host, token.id(), cert.getSerialNumber().toString(16));
                return ApiResponses.json(StatusCodes.OK, ApiResponses.MAPPER.createObjectNode()
                        .put("certificate", Pem.certificate(cert)).put("ca", Pem.certificate(authority.certificate())));
            });
        }).exceptionally(t -> ApiResponses.unavailable("the control store", t));
    }

    private CompletionStage<HttpResponse> create(String body) {
        if (!ca.enabled()) {
            return ApiResponses.done(ApiResponses.error(StatusCodes.CONFLICT, NO_TLS));
        }
        Duration ttl;
        try {
            JsonNode n = body.isBlank() ? ApiResponses.MAPPER.createObjectNode() : JOIN_TOKEN.parse(body);
            JsonNode t = n.get("ttl");
            if (t != null && !t.isTextual()) {
                throw new IllegalArgumentException("'ttl' must be a string such as \"24h\", \"30m\" or \"7d\"");
            }
            ttl = t == null ? JoinTokens.DEFAULT_TTL : JoinTokens.parseTtl(t.asText());
        } catch (IllegalArgumentException e) {
            return ApiResponses.done(ApiResponses.error(StatusCodes.BAD_REQUEST, e.getMessage()));
        }
        return ca.get().thenCompose(found -> {
            if (found.isEmpty()) {
                return ApiResponses.done(ApiResponses.error(StatusCodes.SERVICE_UNAVAILABLE,
                        "this master cannot read the cluster CA from the control store yet; try again"));
            }
            return tokens.create(ttl, found.get().fingerprint(), List.of(apiPort.get())).thenApply(token -> {
                LOG.info("join token created id={} ttl={}", token.id(), ttl);
                return ApiResponses.json(StatusCodes.CREATED, ApiResponses.MAPPER.createObjectNode()
                        .put("token", token.format()).put("id", token.id())
                        .put("expiresAt", clock.instant().plus(ttl).toString()));
            });
        }).exceptionally(t -> ApiResponses.unavailable("the control store", t));
    }

    private CompletionStage<HttpResponse> list() {
        return tokens.list().thenApply(all -> {
            ArrayNode out = ApiResponses.MAPPER.createArrayNode();
            all.forEach(t -> out.addObject().put("id", t.id()).put("createdAt", t.createdAt().toString())
                    .put("expiresAt", t.expiresAt().toString())
                    .put("expired", !clock.instant().isBefore(t.expiresAt())));
            return ApiResponses.json(StatusCodes.OK, out);
        }).exceptionally(t -> ApiResponses.unavailable("the control store", t));
    }

    private CompletionStage<HttpResponse> delete(String id) {
        if (!id.matches("[0-9a-f]{12}")) {
            return ApiResponses.done(ApiResponses.error(StatusCodes.NOT_FOUND, "no join token with id '" + id
                    + "' (ids are 12 hex digits; see GET /api/v1/join-tokens)"));
        }
        return tokens.delete(id).thenApply(deleted -> {
            if (!deleted) {
                return ApiResponses.error(StatusCodes.NOT_FOUND, "no join token with id '" + id + "'");
            }
            LOG.info("join token deleted id={}", id);
            return ApiResponses.json(StatusCodes.OK, ApiResponses.MAPPER.createObjectNode().put("id", id)
                    .put("deleted", true));
        }).exceptionally(t -> ApiResponses.unavailable("the control store", t));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' must be a non-empty string");
        }
        return v.asText();
    }
}
