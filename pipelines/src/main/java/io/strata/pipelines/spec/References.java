package io.strata.pipelines.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ${name}} references in job arguments, Spark settings and checks, e.g. {@code ${kafka.bootstrap}}.
 * There is no escape: every {@code ${} starts a reference.
 */
public final class References {

    private References() {
    }

    /** A {@code ${...}} at {@code offset}; {@code closed} is false for a {@code ${} with no {@code }} after it. */
    record Occurrence(int offset, String name, boolean closed) {
        String text() {
            return closed ? "${" + name + "}" : "${" + name;
        }
    }

    /** The ${...} references in a string, e.g. "kafka.bootstrap"; an unclosed {@code ${} is not one. */
    public static List<String> find(String text) {
        List<String> names = new ArrayList<>();
        for (Occurrence o : scan(text)) {
            if (o.closed()) {
                names.add(o.name());
            }
        }
        return names;
    }

    /** Replaces every ${x} with values.get(x); IllegalArgumentException naming the reference if one is missing. */
    public static String resolve(String text, Map<String, String> values) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (Occurrence o : scan(text)) {
            if (!o.closed()) {
                throw new IllegalArgumentException("'${' at character " + (o.offset() + 1) + " of '" + text
                        + "' has no closing '}'");
            }
            String value = values.get(o.name());
            if (value == null) {
                throw new IllegalArgumentException("no value for reference ${" + o.name() + "} in '" + text + "'");
            }
            out.append(text, from, o.offset()).append(value);
            from = o.offset() + o.text().length();
        }
        return out.append(text, from, text.length()).toString();
    }

    /** Every reference in order; an unclosed one is last, as it runs to the end of the text. */
    static List<Occurrence> scan(String text) {
        List<Occurrence> found = new ArrayList<>();
        int from = 0;
        while (true) {
            int start = text.indexOf("${", from);
            if (start < 0) {
                return found;
            }
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                found.add(new Occurrence(start, text.substring(start + 2), false));
                return found;
            }
            found.add(new Occurrence(start, text.substring(start + 2, end), true));
            from = end + 1;
        }
    }
}
