package io.strata.apps;

/** One version of an app: the app file's text as the user sent it, and when it was created. */
public record AppVersion(int version, long createdAtMillis, String text) {
}
