package io.strata.pipelines.sources.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;

/**
 * What to do with a request before its body is read: refuse it (404, 405, 401, 415, 413 by its
 * Content-Length), answer the health check, or read an ingest body of a known format. Pure.
 */
final class RequestGate {

    static final String HEALTH = "/health";

    enum Format { JSON, NDJSON }

    sealed interface Decision permits Refuse, Health, Ingest {
    }

    record Refuse(Answer answer) implements Decision {
    }

    record Health() implements Decision {
    }

    record Ingest(Format format) implements Decision {
    }

    private final IngestOptions options;

    RequestGate(IngestOptions options) {
        this.options = options;
    }

    /**
     * @param contentLength the declared body length, or -1 when not declared
     * @param contentType   the Content-Type header, or null
     * @param authorization the Authorization header, or null
     */
    Decision decide(String method, String path, String contentType, String authorization, long contentLength) {
        if (path.equals(HEALTH)) {
            return method.equals("GET") || method.equals("HEAD") ? new Health()
                    : new Refuse(Answer.error(405, "method " + method + " is not allowed on " + HEALTH + "; use GET",
                    Map.of("Allow", "GET, HEAD")));
        }
        if (!path.equals(options.path())) {
            return new Refuse(Answer.error(404, "no such path " + path + "; events go to POST " + options.path()));
        }
        if (!method.equals("POST")) {
            return new Refuse(Answer.error(405, "method " + method + " is not allowed on " + options.path()
                    + "; use POST", Map.of("Allow", "POST")));
        }
        if (options.token() != null && !bearerMatches(authorization)) {
            return new Refuse(Answer.error(401, authorization == null ? "missing Authorization: Bearer <token>"
                    : "the bearer token is wrong", Map.of("WWW-Authenticate", "Bearer")));
        }
        if (contentLength > options.maxBodyBytes()) {
            return new Refuse(tooLarge(options.maxBodyBytes()));
        }
        return format(contentType);
    }

    static Answer tooLarge(int limit) {
        return Answer.error(413, "request body is larger than the limit of " + limit + " bytes", Map.of("Connection", "close"));
    }

    private Decision format(String contentType) {
        String valid = "; send application/json (an object or an array of objects) or application/x-ndjson "
                + "(one object a line), in UTF-8";
        if (contentType == null || contentType.isBlank()) {
            return new Refuse(Answer.error(415, "missing Content-Type" + valid));
        }
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        Format format = switch (media) {
            case "application/json" -> Format.JSON;
            case "application/x-ndjson", "application/ndjson" -> Format.NDJSON;
            default -> null;
        };
        if (format == null) {
            return new Refuse(Answer.error(415, "Content-Type " + media + " is not supported" + valid));
        }
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].trim().split("=", 2);
            if (kv[0].trim().equalsIgnoreCase("charset") && kv.length == 2
                    && !kv[1].trim().replace("\"", "").equalsIgnoreCase("utf-8")) {
                return new Refuse(Answer.error(415, "charset " + kv[1].trim() + " is not supported" + valid));
            }
        }
        return new Ingest(format);
    }

    private boolean bearerMatches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, options.token().getBytes(StandardCharsets.UTF_8));
    }
}
