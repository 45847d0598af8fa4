package io.strata.service;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's setting to replace a pod whose agent was lost once it has stayed lost this long, kept
 * in the service's config as whole seconds under {@link #KEY}. Absent means off, the default: a data
 * service's pod holds data on its agent's disk, and moving it costs a full copy from its peers, so
 * an operator decides unless they asked for it.
 */
public final class AutoReplace {

    /** The field of the create request, the key in the service's config and in its status JSON. */
    public static final String KEY = "autoReplaceAfter";

    private static final Pattern PART = Pattern.compile("(\\d+)([hms])");

    private AutoReplace() {
    }

    /** The grace period of a service's config, or empty when the setting is off. */
    static Optional<Duration> of(Map<String, String> config) {
        String value = config.get(KEY);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(parse(value));
    }

    /**
     * A duration as people write it: "90s", "10m", "1h", "1h30m", or a number of seconds; at least
     * one second. IllegalArgumentException naming the setting and what is valid otherwise.
     */
    public static Duration parse(String text) {
        return parse(text, KEY);
    }

    /** As {@link #parse(String)}; the error names the setting as {@code name} (a CLI flag, say). */
    public static Duration parse(String text, String name) {
        String t = text.trim();
        Duration d = null;
        if (t.matches("\\d{1,9}")) {
            d = Duration.ofSeconds(Long.parseLong(t));
        } else if (!t.isEmpty() && t.length() < 30) {
            Matcher m = PART.matcher(t);
            int end = 0;
            d = Duration.ZERO;
            while (m.find() && m.start() == end) {
                long n = Long.parseLong(m.group(1));
                d = d.plus(switch (m.group(2)) {
                    case "h" -> Duration.ofHours(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofSeconds(n);
                });
                end = m.end();
            }
            if (end != t.length()) {
                d = null;
            }
        }
        if (d == null || d.toSeconds() < 1) {
            throw new IllegalArgumentException(name + " must be a duration of at least 1 second such as 90s, 10m, "
                    + "1h or 1h30m (or a number of seconds), got '" + text + "'");
        }
        return d;
    }

    /**
     * {@code config} with the setting of a create request's JSON body: a number of seconds or a
     * duration string; absent or null leaves it off. IllegalArgumentException if the value is bad.
     */
    public static Map<String, String> withSetting(Map<String, String> config, JsonNode body) {
        JsonNode value = body.path(KEY);
        if (value.isMissingNode() || value.isNull()) {
            return config;
        }
        if (!value.isTextual() && !value.canConvertToLong()) {
            throw new IllegalArgumentException(KEY + " must be a duration such as \"10m\" or a number of seconds, got "
                    + value);
        }
        Map<String, String> next = new LinkedHashMap<>(config);
        next.put(KEY, Long.toString(parse(value.asText()).toSeconds()));
        return next;
    }

    /** "10m", "90s", "1h30m": how status and reasons show a grace period. */
    public static String describe(Duration d) {
        long s = d.toSeconds();
        StringBuilder out = new StringBuilder();
        if (s >= 3600) {
            out.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            out.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0 || s == 0) {
            out.append(s % 60).append('s');
        }
        return out.toString();
    }
}
