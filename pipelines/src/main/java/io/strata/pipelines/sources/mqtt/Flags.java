package io.strata.pipelines.sources.mqtt;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A command line of {@code --name value} pairs, each name known and given once. Every error is an
 * {@link IllegalArgumentException} with a one-line reason naming the flag and the value.
 */
final class Flags {

    private final Map<String, String> values;

    private Flags(Map<String, String> values) {
        this.values = values;
    }

    static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    static Flags parse(String[] args, Set<String> known) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !known.contains(name)) {
                throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (values.put(name, args[i + 1]) != null) {
                throw new IllegalArgumentException("--" + name + " given twice");
            }
        }
        return new Flags(values);
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    /** The value, or {@code fallback} (may be null) when the flag is absent. */
    String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    long number(String name, long fallback, long min, long max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not an integer");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + ": " + n + " is out of range, give " + min + " to " + max);
        }
        return n;
    }

    /** Username and password come together or not at all. */
    void requirePair(String a, String b) {
        if (has(a) != has(b)) {
            throw new IllegalArgumentException("--" + a + " and --" + b + " go together: give both or neither");
        }
    }
}
