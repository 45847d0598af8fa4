package io.strata.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The fields a JSON request body may have and their types, checked before a route reads the body:
 * a field that is not declared is refused by name (a typo such as {@code brokerCpu} must not be
 * silently dropped), a value of the wrong type is refused naming the field, what is valid and what
 * was given. JSON {@code null} counts as absent. A route keeps its own parsing of the values; the
 * schema only guarantees their shape, so that parsing cannot fail in a way the client did not cause.
 *
 * <pre>
 * static final StrictJson.Schema CREATE = StrictJson.object()
 *         .text("name").positiveNumber("cpus").wholeNumber("memMb", 1).text("group");
 * JsonNode body = CREATE.parse(text);   // StrictJson.Invalid (an IllegalArgumentException) when bad
 * </pre>
 */
public final class StrictJson {

    /** Deeper than any request of the API needs; keeps a hostile body from exhausting the stack. */
    static final int MAX_DEPTH = 32;
    /** The longest number literal read (Jackson reads huge ones as BigInteger/BigDecimal otherwise). */
    static final int MAX_NUMBER_DIGITS = 40;
    /** More MB of memory or disk than any host has (1 PB): a larger size is a typing mistake. */
    public static final long MAX_MB = 1L << 30;
    /** The most a double-valued field may hold: more cpus than any cluster has, yet finite. */
    static final double MAX_NUMBER = 1e9;

    static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                            .maxNumberLength(MAX_NUMBER_DIGITS).build())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {
    }

    /** A new schema of a JSON object with no fields yet. */
    public static Schema object() {
        return new Schema();
    }

    /** A bad request body: the message is the whole answer to the client. */
    public static final class Invalid extends IllegalArgumentException {
        public Invalid(String message) {
            super(message);
        }
    }

    /**
     * The request body as JSON, or {@link Invalid} saying why it is not: empty, not JSON, nested
     * deeper than {@value #MAX_DEPTH} levels, a number longer than {@value #MAX_NUMBER_DIGITS} digits,
     * a key given twice, or text after the value.
     */
    public static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            throw new Invalid("the request body is empty; send a JSON object");
        }
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            throw new Invalid("the request body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String line = message.lines().findFirst().orElse("unreadable");
        // Jackson ends its message with where the input came from; the client knows it sent it.
        int source = line.indexOf(" at [Source");
        return (source > 0 ? line.substring(0, source) : line).strip();
    }

    /** The fields of one JSON object: each declared once, with its kind. */
    public static final class Schema {

        private final Map<String, Kind> fields = new LinkedHashMap<>();

        private Schema() {
        }

        /** A string. */
        public Schema text(String name) {
            return field(name, new Kind("a string", JsonNode::isTextual, null));
        }

        /** A boolean. */
        public Schema bool(String name) {
            return field(name, new Kind("true or false", JsonNode::isBoolean, null));
        }

        /** A finite number greater than 0 (cpus, say). */
        public Schema positiveNumber(String name) {
            return field(name, new Kind("a number greater than 0", v -> v.isNumber() && positive(v.asDouble()), null));
        }

        /** A whole number of at least {@code min}. */
        public Schema wholeNumber(String name, long min) {
            return wholeNumber(name, min, Long.MAX_VALUE);
        }

        /** A whole number from {@code min} to {@code max} (an int's range, say). */
        public Schema wholeNumber(String name, long min, long max) {
            return field(name, new Kind(whole(min, max), v -> v.isNumber() && v.canConvertToLong()
                    && v.asDouble() == Math.rint(v.asDouble()) && v.asLong() >= min && v.asLong() <= max, null));
        }

        /**
         * As {@link #positiveNumber}, also accepting the number as a string ("1.5"): a service's
         * settings are kept as strings and some clients send them so.
         */
        public Schema positiveNumberOrText(String name) {
            return field(name, new Kind("a number greater than 0", v -> positive(numeric(v)), null));
        }

        /** As {@link #wholeNumber}, also accepting the number as a string ("3"). */
        public Schema wholeNumberOrText(String name, long min, long max) {
            return field(name, new Kind(whole(min, max), v -> {
                boolean whole = v.isIntegralNumber() || v.isTextual() && v.asText().trim().matches("[-+]?[0-9]{1,18}");
                return whole && numeric(v) >= min && numeric(v) <= max;
            }, null));
        }

        /** A string or a number (a duration such as "10m" or a number of seconds, say). */
        public Schema textOrNumber(String name) {
            return field(name, new Kind("a string or a number", v -> v.isTextual() || v.isNumber() && finite(v), null));
        }

        /** An array of strings. */
        public Schema texts(String name) {
            return field(name, new Kind("an array of strings", v -> v.isArray() && all(v, JsonNode::isTextual), null));
        }

        /** An object whose values are strings, numbers or booleans (an environment, a Spark conf). */
        public Schema textMap(String name) {
            return field(name, new Kind("an object of string values", v -> v.isObject() && all(v,
                    e -> e.isTextual() || e.isNumber() && finite(e) || e.isBoolean()), null));
        }

        /** An object whose values are strings. */
        public Schema strictTextMap(String name) {
            return field(name, new Kind("an object of string values", v -> v.isObject() && all(v, JsonNode::isTextual),
                    null));
        }

        /** An object, or a string in a short form its own parser reads (a quota: "cpus=2,mem=4g"). */
        public Schema objectOrText(String name) {
            return field(name, new Kind("an object or a string", v -> v.isObject() || v.isTextual(), null));
        }

        /** Any JSON object; its own parser checks its contents (a pipeline spec, say). */
        public Schema anyObject(String name) {
            return field(name, new Kind("an object", JsonNode::isObject, null));
        }

        /** An object with the fields of {@code schema}. */
        public Schema object(String name, Schema schema) {
            return field(name, new Kind("an object", JsonNode::isObject, schema));
        }

        /** An array of objects, each with the fields of {@code schema}. */
        public Schema objects(String name, Schema schema) {
            return field(name, new Kind("an array of objects", v -> v.isArray() && all(v, JsonNode::isObject), schema));
        }

        private Schema field(String name, Kind kind) {
            if (fields.putIfAbsent(name, kind) != null) {
                throw new IllegalStateException("field '" + name + "' declared twice");
            }
            return this;
        }

        /** The body read and checked; {@link Invalid} naming the first problem. */
        public JsonNode parse(String body) {
            JsonNode n = read(body);
            check(n);
            return n;
        }

        /** Checks a JSON value against this schema; {@link Invalid} naming the first problem. */
        public void check(JsonNode n) {
            if (n == null || !n.isObject()) {
                throw new Invalid("the request body must be a JSON object, got " + describe(n));
            }
            check(n, "");
        }

        private void check(JsonNode n, String prefix) {
            Iterator<Map.Entry<String, JsonNode>> it = n.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = prefix + e.getKey();
                Kind kind = fields.get(e.getKey());
                if (kind == null) {
                    throw new Invalid("unknown field '" + shown(name) + "'"
                            + (fields.isEmpty() ? ": this request takes no fields" : " (known: "
                            + String.join(", ", fields.keySet()) + ")"));
                }
                JsonNode v = e.getValue();
                if (v.isNull()) {
                    continue;
                }
                if (!kind.valid().test(v)) {
                    throw new Invalid("'" + shown(name) + "' must be " + kind.description() + ", got " + describe(v));
                }
                if (kind.nested() != null) {
                    if (v.isArray()) {
                        for (int i = 0; i < v.size(); i++) {
                            kind.nested().check(v.get(i), name + "[" + i + "].");
                        }
                    } else {
                        kind.nested().check(v, name + ".");
                    }
                }
            }
        }
    }

    private record Kind(String description, java.util.function.Predicate<JsonNode> valid, Schema nested) {
    }

    private static boolean all(JsonNode container, java.util.function.Predicate<JsonNode> each) {
        boolean[] ok = {true};
        Consumer<JsonNode> test = v -> ok[0] &= each.test(v);
        container.elements().forEachRemaining(test);
        return ok[0];
    }

    private static String whole(long min, long max) {
        String least = min == 0 ? "a whole number of 0 or more" : min == 1 ? "a whole number greater than 0"
                : "a whole number of at least " + min;
        return max == Long.MAX_VALUE ? least : least + " and at most " + max;
    }

    private static boolean positive(double d) {
        return d > 0 && d <= MAX_NUMBER;
    }

    private static boolean finite(JsonNode v) {
        return Double.isFinite(v.asDouble());
    }

    /** The number a value holds (itself or as a string), NaN when it holds none. */
    private static double numeric(JsonNode v) {
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            String t = v.asText().trim();
            if (t.length() <= MAX_NUMBER_DIGITS && t.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]{1,3})?")) {
                return Double.parseDouble(t);
            }
        }
        return Double.NaN;
    }

    /** A value as the client wrote it, shortened; "nothing" for an absent one. */
    static String describe(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "nothing";
        }
        return shown(v.toString());
    }

    /** A value a client sent, as an error message shows it: control characters escaped, at most 60 characters. */
    public static String shown(String value) {
        return printable(value.length() > 60 ? value.substring(0, 57) + "..." : value);
    }

    /** Control characters shown escaped, so a message stays one readable line. */
    static String printable(String s) {
        StringBuilder out = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
