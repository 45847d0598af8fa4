package io.strata.api;

import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * Path parameters (task ids, service, pipeline, topic and volume names, artifact names) as they reach
 * a route: URL-decoded, so {@code %2F} is a '/' and {@code %00} a NUL. Names end up in file paths and
 * store keys; one that could leave its directory, or that no name can be, is refused with 400 naming
 * the parameter before the route looks at it.
 */
public final class PathParams {

    /** Longer than any name Strata gives or accepts (service names: 41, Kafka topics: 249). */
    static final int MAX_LENGTH = 255;

    private PathParams() {
    }

    /** Why {@code value} cannot be the path parameter {@code param}, or empty when it can. */
    public static Optional<String> problem(String param, String value) {
        if (value.isEmpty()) {
            return Optional.of(param + " is empty");
        }
        String shown = StrictJson.shown(value);
        if (value.length() > MAX_LENGTH) {
            return Optional.of(param + " '" + shown + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (value.equals(".") || value.equals("..")) {
            return Optional.of(param + " '" + shown + "' is not a name (it would name a directory)");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\') {
                return Optional.of(param + " '" + shown + "' must not contain '" + c + "'");
            }
            if (c < 0x20 || c == 0x7f) {
                return Optional.of(param + " '" + shown + "' must not contain control characters (such as NUL)");
            }
        }
        return Optional.empty();
    }

    /** {@code inner} when {@code value} can be the parameter, else 400 {@code {"error": ...}} naming it. */
    public static Route checked(String param, String value, Supplier<Route> inner) {
        return problem(param, value)
                .map(p -> Directives.complete(ApiResponses.error(StatusCodes.BAD_REQUEST, p)))
                .orElseGet(inner);
    }
}
