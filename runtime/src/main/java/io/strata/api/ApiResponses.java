package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** JSON responses in the API's one shape, for the core routes and for extensions' routes. */
public final class ApiResponses {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiResponses() {
    }

    public static HttpResponse json(StatusCode code, JsonNode body) {
        try {
            return HttpResponse.create().withStatus(code)
                    .withEntity(ContentTypes.APPLICATION_JSON, MAPPER.writeValueAsBytes(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static HttpResponse json(StatusCode code, Object value) {
        return json(code, MAPPER.valueToTree(value));
    }

    public static HttpResponse error(StatusCode code, String message) {
        ObjectNode n = MAPPER.createObjectNode().put("error", message);
        return json(code, n);
    }

    public static CompletionStage<HttpResponse> done(HttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }

    /** A 503 for a cluster part that did not answer in time (a failover, usually). */
    public static HttpResponse unavailable(String what, Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        return error(StatusCodes.SERVICE_UNAVAILABLE, what + " did not answer (" + (c.getMessage() == null
                ? c.getClass().getSimpleName() : c.getMessage()) + "); it may be failing over, try again");
    }
}
