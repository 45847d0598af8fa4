package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.security.Principal;
import io.strata.security.Principals;
import io.strata.security.Role;
import io.strata.security.TokenBook;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.javadsl.unmarshalling.Unmarshaller;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Operators' tokens ({@code /api/v1/tokens}, admin only: the API's guard checks that) and
 * {@code GET /api/v1/whoami} (any valid token). The secret is in the create answer only.
 */
final class TokenRoutes extends AllDirectives {

    /** POST /api/v1/tokens. */
    static final StrictJson.Schema CREATE = StrictJson.object().text("name").text("role").text("group").text("ttl");

    private final TokenBook book;

    TokenRoutes(TokenBook book) {
        this.book = book;
    }

    Route routes() {
        return concat(
                path("whoami", () -> get(() -> Principals.principal(p -> complete(json(StatusCodes.OK, whoami(p)))))),
                path("tokens", () -> concat(
                        get(() -> completeWithFuture(book.list().thenApply(all -> {
                            ArrayNode out = ApiJson.MAPPER.createArrayNode();
                            all.forEach(t -> out.add(t.view()));
                            return json(StatusCodes.OK, out);
                        }).exceptionally(TokenRoutes::unavailable))),
                        post(() -> entity(Unmarshaller.entityToString(), body -> completeWithFuture(create(body)))))),
                path(PathMatchers.segment("tokens").slash(PathMatchers.segment()), id -> PathParams.checked("token id", id, () ->
                        delete(() -> completeWithFuture(book.revoke(id).thenApply(t -> t
                                .map(revoked -> json(StatusCodes.OK, revoked.view()))
                                .orElseGet(() -> json(StatusCodes.NOT_FOUND, ApiJson.error("no token with id '" + id
                                        + "'; see 'strata token list'"))))
                                .exceptionally(TokenRoutes::unavailable))))));
    }

    private static ObjectNode whoami(Principal p) {
        ObjectNode n = ApiJson.MAPPER.createObjectNode().put("name", p.name()).put("role", p.role().spelling());
        if (p.group() == null) {
            n.putNull("group");
        } else {
            n.put("group", p.group());
        }
        return n.put("tokenId", p.tokenId());
    }

    private CompletionStage<HttpResponse> create(String body) {
        String name;
        Role role;
        String group;
        Duration ttl;
        try {
            JsonNode n = CREATE.parse(body);
            name = text(n, "name", true);
            TokenBook.checkName(name);
            role = Role.parse(text(n, "role", true));
            group = text(n, "group", false);
            String ttlText = text(n, "ttl", false);
            ttl = ttlText == null ? null : TokenBook.parseTtl(ttlText);
        } catch (IllegalArgumentException e) {
            return done(json(StatusCodes.BAD_REQUEST, ApiJson.error(e.getMessage())));
        } catch (Exception e) {
            return done(json(StatusCodes.BAD_REQUEST, ApiJson.error("the request body is not valid JSON")));
        }
        try {
            return book.create(name, role, group, ttl)
                    .thenApply(c -> json(StatusCodes.CREATED, c.token().view().put("token", c.text())))
                    .exceptionally(TokenRoutes::unavailable);
        } catch (IllegalArgumentException e) {
            return done(json(StatusCodes.BAD_REQUEST, ApiJson.error(e.getMessage())));
        }
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException("'" + field + "' is required");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'" + field + "' must be a string");
        }
        return v.asText();
    }

    private static HttpResponse unavailable(Throwable t) {
        return json(StatusCodes.SERVICE_UNAVAILABLE, ApiJson.error("the tokens could not be read or written on a "
                + "majority of master nodes; try again"));
    }

    private static CompletionStage<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    private static HttpResponse json(StatusCode code, JsonNode body) {
        return HttpResponse.create().withStatus(code).withEntity(ContentTypes.APPLICATION_JSON, body.toString());
    }
}
