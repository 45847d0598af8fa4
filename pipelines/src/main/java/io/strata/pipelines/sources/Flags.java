package io.strata.pipelines.sources;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A source program's command line of {@code --name value} pairs, each name known and given once
 * (SensorSimulator, MqttBridge, MqttDevices, HttpIngest). Every error is an
 * {@link IllegalArgumentException} with a one-line reason naming the flag and the value.
 */
public final class Flags {

    private final Map<String, String> values;

    private Flags(Map<String, String> values) {
        this.values = values;
    }

    /**
     * A main program's command line: with {@code --help} prints the usage and exits 0; a bad one
     * prints {@code PROGRAM: reason; usage: ...} on stderr and exits 2.
     */
    public static <T> T parseOrExit(String program, String usage, String[] args, Function<String[], T> parse) {
        if (wantsHelp(args)) {
            System.out.println("usage: " + program + " " + usage);
            System.exit(0);
        }
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(program + ": " + e.getMessage() + "; usage: " + program + " " + usage);
            System.exit(2);
            throw e;
        }
    }

    public static boolean wantsHelp(String[] args) {
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    public static Flags parse(String[] args, Set<String> known) {
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

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String required(String name) {
        String v = values.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }

    /** The value, or {@code fallback} (may be null) when the flag is absent. */
    public String text(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public long number(String name, long fallback, long min, long max) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not an integer");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("--" + name + ": " + n + " is out of range, give " + min + " to " + max);
        }
        return n;
    }

    /**
     * The password, from {@code --password P} or from the environment variable {@code --password-env
     * NAME} names (kept out of {@code ps}); it and {@code --username} come together or not at all.
     */
    public String password(Function<String, String> env) {
        if (has("password") && has("password-env")) {
            throw new IllegalArgumentException("give --password or --password-env, not both");
        }
        String password = values.get("password");
        if (has("password-env")) {
            password = env.apply(values.get("password-env"));
            if (password == null) {
                throw new IllegalArgumentException("--password-env: environment variable '" + values.get("password-env")
                        + "' is not set");
            }
        }
        if (has("username") != (password != null)) {
            throw new IllegalArgumentException("--username and --password (or --password-env) go together: give both or neither");
        }
        return password;
    }
}
