package io.strata.samples.iot;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A job's command line: {@code --name value} pairs, each name declared as required or optional.
 * Anything else (unknown name, missing value, repeated name, missing required name) is an
 * {@link IllegalArgumentException} whose message fits on one line.
 */
final class JobArgs {

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m)");

    private final Map<String, String> values;

    private JobArgs(Map<String, String> values) {
        this.values = values;
    }

    static JobArgs parse(String[] args, Set<String> required, Set<String> optional) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            String flag = args[i];
            if (!flag.startsWith("--") || flag.length() == 2) {
                throw new IllegalArgumentException("expected --name value, got '" + flag + "'");
            }
            String name = flag.substring(2);
            if (!required.contains(name) && !optional.contains(name)) {
                throw new IllegalArgumentException("unknown argument --" + name);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (values.putIfAbsent(name, args[i + 1]) != null) {
                throw new IllegalArgumentException("--" + name + " given twice");
            }
        }
        List<String> missing = required.stream().filter(n -> !values.containsKey(n)).sorted().toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing " + String.join(", ", missing.stream().map(n -> "--" + n).toList()));
        }
        return new JobArgs(values);
    }

    String get(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalStateException("--" + name + " was not given");
        }
        return v;
    }

    /** A comma-separated list without empty entries: {@code a:1,b:2}. */
    private List<String> list(String name) {
        List<String> items = Arrays.stream(get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (items.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " is empty");
        }
        return items;
    }

    /** {@code host:port} entries with a numeric port. */
    List<String> hostPorts(String name) {
        List<String> items = list(name);
        for (String item : items) {
            int colon = item.lastIndexOf(':');
            if (colon <= 0 || !item.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("--" + name + ": '" + item + "' is not host:port");
            }
        }
        return items;
    }

    double doubleValue(String name, double fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(v);
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a number");
        }
    }

    /** A whole number of at least 1, or {@code fallback} when the name was not given. */
    long positiveLong(String name, long fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a whole number");
        }
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + ": " + v + " must be at least 1");
        }
        return n;
    }

    /** {@code 500ms}, {@code 2s} or {@code 1m}; must be positive. */
    Duration duration(String name, Duration fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new IllegalArgumentException("--" + name + ": '" + v + "' is not a duration like 500ms, 2s or 1m");
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (d.isZero()) {
            throw new IllegalArgumentException("--" + name + " must be positive");
        }
        return d;
    }

    /**
     * Runs a job's option parsing or ends the JVM: a bad command line prints one line to stderr and
     * exits with code 2.
     */
    static <T> T orExit(String job, String usage, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            System.err.println(job + ": " + e.getMessage() + "; usage: " + job + " " + usage);
            System.exit(2);
            throw e;
        }
    }
}
