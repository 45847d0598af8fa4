package io.strata.spec;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean" for misspelt keys, kinds and names. */
public final class Suggestions {

    private Suggestions() {
    }

    /** The candidate closest to {@code given}, if it is close enough to be a likely typo. */
    public static Optional<String> closest(String given, Collection<String> candidates) {
        String g = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(g, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int allowed = Math.max(1, Math.min(3, given.length() / 3));
        if (best != null && bestDistance <= allowed) {
            return Optional.of(best);
        }
        return candidates.stream().filter(c -> isPrefix(g, c.toLowerCase(Locale.ROOT))).findFirst();
    }

    /** "stream" for "streaming", "brokers" for "broker": one is the other cut short. */
    private static boolean isPrefix(String a, String b) {
        return Math.min(a.length(), b.length()) >= 3 && (a.startsWith(b) || b.startsWith(a));
    }

    /** "; did you mean 'x'? Then..." or "; then...", for a message that goes on with {@code then}. */
    public static String didYouMean(String given, Collection<String> candidates, String then) {
        return closest(given, candidates)
                .map(c -> "; did you mean '" + c + "'? " + Character.toUpperCase(then.charAt(0)) + then.substring(1))
                .orElse("; " + then);
    }

    /** Edits between two strings, a swap of neighbours counting as one (optimal string alignment). */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
