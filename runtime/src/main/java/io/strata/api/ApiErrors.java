package io.strata.api;

import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntity;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.ExceptionHandler;
import org.apache.pekko.http.javadsl.server.MalformedRequestContentRejection;
import org.apache.pekko.http.javadsl.server.RejectionHandler;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.http.scaladsl.model.EntityStreamSizeException;
import org.apache.pekko.http.scaladsl.model.IllegalRequestException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CompletionException;

/**
 * What the API answers when no route completed a request or a route failed: always
 * {@code {"error": "<one sentence>"}}, never a stack trace. Rejections keep Pekko's status codes
 * (404, 405 with {@code Allow}, 415, ...); a body over the size limit is 413; a failure the client did
 * not cause is 500 with the details in the server's log only.
 */
public final class ApiErrors {

    private static final Logger LOG = LoggerFactory.getLogger(ApiErrors.class);

    private ApiErrors() {
    }

    /** Rejections as JSON errors. */
    public static RejectionHandler rejections() {
        return RejectionHandler.newBuilder()
                .handle(MalformedRequestContentRejection.class, r -> tooLarge(r.getCause()) != null
                        ? Directives.complete(tooLarge(r.getCause()))
                        : Directives.complete(ApiResponses.error(StatusCodes.BAD_REQUEST,
                        "the request body could not be read: " + plain(r.message()))))
                .build()
                .withFallback(RejectionHandler.defaultHandler())
                .mapRejectionResponse(ApiErrors::asJson);
    }

    /** Failures as JSON errors: the client's (a body too large, a bad request) as 4xx, the rest as 500. */
    public static ExceptionHandler exceptions() {
        return ExceptionHandler.newBuilder()
                .matchAny(t -> {
                    HttpResponse tooLarge = tooLarge(t);
                    if (tooLarge != null) {
                        return Directives.complete(tooLarge);
                    }
                    Throwable cause = unwrap(t);
                    if (cause instanceof IllegalRequestException e) {
                        return Directives.complete(ApiResponses.error(StatusCodes.get(e.status().intValue()),
                                plain(e.info().summary())));
                    }
                    if (cause instanceof StrictJson.Invalid e) {
                        return Directives.complete(ApiResponses.error(StatusCodes.BAD_REQUEST, e.getMessage()));
                    }
                    LOG.error("API request failed unexpectedly", cause);
                    return Directives.complete(ApiResponses.error(StatusCodes.INTERNAL_SERVER_ERROR,
                            "the server failed to handle this request; its log says why"));
                })
                .build();
    }

    /** The 413 for a body over its limit, or null when {@code t} is no such failure. */
    private static HttpResponse tooLarge(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof EntityStreamSizeException e) {
                return ApiResponses.error(StatusCodes.PAYLOAD_TOO_LARGE, "the request body is larger than "
                        + e.limit() + " bytes, the most this endpoint accepts");
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while (c instanceof CompletionException && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** A rejection's plain-text answer as {@code {"error": ...}}; JSON answers stay as they are. */
    private static HttpResponse asJson(HttpResponse response) {
        HttpEntity entity = response.entity();
        if (!(entity instanceof HttpEntity.Strict strict) || entity.getContentType().equals(ContentTypes.APPLICATION_JSON)) {
            return response;
        }
        String text = strict.getData().utf8String();
        return response.withEntity(ContentTypes.APPLICATION_JSON, ApiResponses.MAPPER.createObjectNode()
                .put("error", plain(text)).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One line, without the names of exception classes a message may carry. */
    static String plain(String message) {
        if (message == null || message.isBlank()) {
            return "the request is not valid";
        }
        String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
        line = line.replaceAll("\\b[\\w.$]*(Exception|Error)\\b:?\\s*", "");
        return StrictJson.printable(line.length() > 300 ? line.substring(0, 297) + "..." : line);
    }
}
