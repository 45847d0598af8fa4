package io.strata.bench.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** When the harness first saw each step of a run, in seconds from the run's start, in the order seen. */
final class Milestones {

    private final long startNanos;
    private final Map<String, Double> seen = new LinkedHashMap<>();

    Milestones(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Records {@code name} now if {@code reached} and it was not recorded before. */
    void mark(String name, boolean reached) {
        if (reached && !seen.containsKey(name)) {
            seen.put(name, (System.nanoTime() - startNanos) / 1e9);
        }
    }

    boolean has(String name) {
        return seen.containsKey(name);
    }

    double seconds(String name) {
        Double s = seen.get(name);
        if (s == null) {
            throw new IllegalStateException(name + " was never seen; seen: " + this);
        }
        return s;
    }

    double elapsed() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        seen.forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %.1f s", k, v)));
        return String.join(", ", parts);
    }
}
