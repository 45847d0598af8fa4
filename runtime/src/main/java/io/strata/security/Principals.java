package io.strata.security;

import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Function;

/**
 * How routes learn who calls. After it authenticated a request, the API drops any
 * {@value #HEADER} header the client sent and adds its own, {@code tokenId;name;role;group} (each
 * part URL-encoded, group empty when unscoped). Usable from any route class, extensions included.
 */
public final class Principals {

    public static final String HEADER = "X-Strata-Principal";

    private Principals() {
    }

    /**
     * The request's principal. A request without the header did not pass the API's authentication
     * (a route tested on its own, in-process): it counts as {@link Principal#SYSTEM}.
     */
    public static Principal of(HttpRequest request) {
        return request.getHeader(HEADER).map(h -> parse(h.value())).orElse(Principal.SYSTEM);
    }

    /** The directive form: hands the request's principal to {@code inner}. */
    public static Route principal(Function<Principal, Route> inner) {
        return Directives.extractRequest(req -> inner.apply(of(req)));
    }

    static RawHeader header(Principal p) {
        return RawHeader.create(HEADER, String.join(";", enc(p.tokenId()), enc(p.name()), p.role().spelling(),
                p.group() == null ? "" : enc(p.group())));
    }

    static Principal parse(String value) {
        String[] p = value.split(";", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("malformed " + HEADER + " header");
        }
        return new Principal(dec(p[0]), dec(p[1]), Role.valueOf(p[2].toUpperCase(Locale.ROOT)),
                p[3].isEmpty() ? null : dec(p[3]));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
