package io.strata.api;

import org.apache.pekko.event.LoggingAdapter;
import org.apache.pekko.http.ParsingErrorHandler;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.scaladsl.model.ErrorInfo;
import org.apache.pekko.http.scaladsl.model.StatusCode;
import org.apache.pekko.http.scaladsl.settings.ServerSettings;

/**
 * The answer to a request too broken to reach any route (an unknown method, a header too long, a bad
 * request line): {@code {"error": ...}} like every other answer of the API. Pekko would answer an
 * unknown method 501 and an unknown HTTP version 505; both are the client's doing, so 400 here.
 * Configured as {@code pekko.http.server.parsing.error-handler}.
 */
public final class ParsingErrors extends ParsingErrorHandler {

    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        log.debug("unreadable request status={} reason=\"{}\"", status.intValue(), info.formatPretty());
        return ApiResponses.error(status.intValue() >= 500 ? StatusCodes.BAD_REQUEST : StatusCodes.get(status.intValue()),
                ApiErrors.plain(info.summary()));
    }
}
