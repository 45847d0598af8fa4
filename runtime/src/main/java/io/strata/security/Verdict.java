package io.strata.security;

/** What checking a request's token found: a principal, or why not (the API answers 401, or 503 when it could not check). */
public record Verdict(Principal principal, String problem, boolean unavailable) {

    static Verdict ok(Principal p) {
        return new Verdict(p, null, false);
    }

    static Verdict refused(String problem) {
        return new Verdict(null, problem, false);
    }

    static Verdict cannotCheck(String problem) {
        return new Verdict(null, problem, true);
    }

    public boolean authenticated() {
        return principal != null;
    }
}
