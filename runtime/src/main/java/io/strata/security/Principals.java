package io.strata.security;

import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.Directives;
import org.apache.pekko.http.javadsl.server.Route;

import java.util.Locale;
import java.util.function.Function;

/**
 * STAND-IN (GROUPS branch) for AUTH's way routes learn who calls; replaced by AUTH's version at merge.
 * The API puts the authenticated principal in header {@value #HEADER} as
 * {@code tokenId;name;role;group} (group empty when unscoped); an absent header is {@link Principal#SYSTEM}.
 */
public final class Principals {

    public static final String HEADER = "X-Strata-Principal";

    private Principals() {
    }

    public static Principal of(HttpRequest request) {
        return request.getHeader(HEADER).map(h -> parse(h.value())).orElse(Principal.SYSTEM);
    }

    /** The directive form: hands the request's principal to {@code inner}. */
    public static Route principal(Function<Principal, Route> inner) {
        return Directives.extractRequest(req -> inner.apply(of(req)));
    }

    static Principal parse(String value) {
        String[] p = value.split(";", -1);
        if (p.length < 4) {
            return Principal.SYSTEM;
        }
        return new Principal(p[0], p[1], Role.valueOf(p[2].toUpperCase(Locale.ROOT)), p[3].isEmpty() ? null : p[3]);
    }
}
