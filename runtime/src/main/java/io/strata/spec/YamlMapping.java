package io.strata.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One mapping of a Strata YAML file (a pipeline or app file), read key by key. Every getter returns {@code null} when the key is absent
 * (or has no value) and also when the value is wrong, after recording a problem that names the key's path.
 */
public final class YamlMapping {

    /** A key of the mapping and its value ({@code null} value node for "key:" with nothing after it). */
    public record Entry(String key, ScalarNode keyNode, Node value) {
    }

    private final String path;
    private final Node node;
    private final Problems problems;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private YamlMapping(String path, Node node, Problems problems) {
        this.path = path;
        this.node = node;
        this.problems = problems;
    }

    /**
     * The mapping at {@code path}; {@code null} with a problem when {@code node} is not a mapping.
     * {@code expected} completes "must be ...", e.g. "a mapping of services by key".
     */
    public static YamlMapping of(Node node, String path, Problems problems, String expected) {
        if (!(node instanceof MappingNode mapping)) {
            problems.add(node, path, "must be " + expected + ", got " + describe(node));
            return null;
        }
        YamlMapping m = new YamlMapping(path, node, problems);
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                problems.add(tuple.getKeyNode(), path, "keys must be plain names, got " + describe(tuple.getKeyNode()));
                continue;
            }
            String key = keyNode.getValue();
            Entry first = m.entries.get(key);
            if (first != null) {
                problems.add(keyNode, m.child(key), "duplicate key '" + key + "' (first given at line "
                        + (first.keyNode().getStartMark().getLine() + 1) + "); give each key once");
                continue;
            }
            m.entries.put(key, new Entry(key, keyNode, isNull(tuple.getValueNode()) ? null : tuple.getValueNode()));
        }
        return m;
    }

    /**
     * The mapping under {@code entry}; an empty one placed at the key when the key has no value ("kafka:"), so
     * defaults apply and missing settings are reported there.
     */
    public static YamlMapping of(Entry entry, String path, Problems problems, String expected) {
        if (entry.value() != null) {
            return of(entry.value(), path, problems, expected);
        }
        ScalarNode at = entry.keyNode();
        return new YamlMapping(path, new MappingNode(Tag.MAP, true, List.of(), at.getStartMark(), at.getEndMark(),
                DumperOptions.FlowStyle.BLOCK), problems);
    }

    /** The path of a key of this mapping, e.g. "jobs.aggregates" + "jar". */
    public String child(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    public String path() {
        return path;
    }

    public Node node() {
        return node;
    }

    public Problems problems() {
        return problems;
    }

    public List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    public boolean has(String key) {
        return value(key) != null;
    }

    /** The value node, or null when the key is absent or has no value. */
    public Node value(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    /** Refuses keys not in {@code known}, suggesting the closest known one. */
    public void allowOnly(Collection<String> known) {
        allowOnly(known, List.of());
    }

    /** As {@link #allowOnly(Collection)}, leaving alone keys in {@code reportedElsewhere}. */
    public void allowOnly(Collection<String> known, Collection<String> reportedElsewhere) {
        for (Entry e : entries.values()) {
            if (!known.contains(e.key()) && !reportedElsewhere.contains(e.key())) {
                problems.add(e.keyNode(), path, "unknown key '" + e.key() + "'"
                        + Suggestions.closest(e.key(), known).map(c -> "; did you mean '" + c + "'? Known keys: ")
                                .orElse("; known keys: ")
                        + String.join(", ", known));
            }
        }
    }

    /** Records "missing; {hint}" for the key, where the mapping starts. */
    public void missing(String key, String hint) {
        problems.add(node, child(key), "missing; " + hint);
    }

    /** Records a problem at the key's value (or its key when it has no value). */
    public void problem(String key, String message) {
        Entry e = entries.get(key);
        problems.add(e == null ? node : e.value() != null ? e.value() : e.keyNode(), child(key), message);
    }

    public ScalarNode scalar(String key) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (v instanceof ScalarNode s) {
            return s;
        }
        problem(key, "must be a single value, got " + describe(v));
        return null;
    }

    public String text(String key) {
        ScalarNode s = scalar(key);
        return s == null ? null : s.getValue();
    }

    /** The key's text; "missing; {hint}" when absent, a problem when blank. */
    public String requiredText(String key, String hint) {
        if (!has(key)) {
            missing(key, hint);
            return null;
        }
        String t = text(key);
        if (t != null && t.isBlank()) {
            problem(key, "must not be empty; " + hint);
            return null;
        }
        return t;
    }

    public Long whole(String key, long min, long max) {
        String t = text(key);
        if (t == null) {
            return null;
        }
        Long n = Numbers.whole(t);
        if (n == null && !Numbers.looksWhole(t)) {
            problem(key, "must be a whole number, got '" + t + "'");
            return null;
        }
        if (n == null || n < min || n > max) {
            problem(key, (max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? "must be at least " + min : "must be between " + min + " and " + max) + ", got " + t);
            return null;
        }
        return n;
    }

    public Integer wholeInt(String key, int min, int max) {
        Long n = whole(key, min, max);
        return n == null ? null : n.intValue();
    }

    public Double positive(String key) {
        return decimalWhere(key, d -> d > 0, "must be a number greater than 0 (e.g. 0.5 or 2)");
    }

    /** The key's decimal when {@code ok} holds for it; else "{@code rule}, got '...'". */
    private Double decimalWhere(String key, java.util.function.DoublePredicate ok, String rule) {
        String t = text(key);
        if (t == null) {
            return null;
        }
        Double d = Numbers.decimal(t);
        if (d == null || !ok.test(d)) {
            problem(key, rule + ", got '" + t + "'");
            return null;
        }
        return d;
    }

    public Long megabytes(String key, long minMb) {
        String t = text(key);
        if (t == null) {
            return null;
        }
        Long mb = Numbers.megabytes(t);
        if (mb == null) {
            problem(key, "'" + t + "' is not a size; " + Numbers.SIZE_FORMS);
            return null;
        }
        if (mb < minMb) {
            problem(key, "must be at least " + minMb + " MB, got " + mb + " MB ('" + t + "')");
            return null;
        }
        return mb;
    }

    /** A decimal between {@code min} and {@code max}, both included. */
    public Double decimal(String key, double min, double max) {
        return decimalWhere(key, d -> d >= min && d <= max, "must be a number between " + min + " and " + max);
    }

    /** true or false (also yes/no, on/off as YAML reads them). */
    public Boolean bool(String key) {
        String t = text(key);
        if (t == null) {
            return null;
        }
        return switch (t.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> {
                problem(key, "must be true or false, got '" + t + "'");
                yield null;
            }
        };
    }

    /** A duration with its unit ("10s"), at least {@code min}. */
    public java.time.Duration duration(String key, java.time.Duration min) {
        String t = text(key);
        if (t == null) {
            return null;
        }
        java.time.Duration d = Numbers.duration(t);
        if (d == null) {
            problem(key, "'" + t + "' is not a duration; " + Numbers.DURATION_FORMS);
            return null;
        }
        if (d.compareTo(min) < 0) {
            problem(key, "must be at least " + min.toMillis() + " ms, got '" + t + "'");
            return null;
        }
        return d;
    }

    /** A nested mapping; {@code expected} as for {@link #of}. */
    public YamlMapping mapping(String key, String expected) {
        Node v = value(key);
        return v == null ? null : of(v, child(key), problems, expected);
    }

    /** A list's items; {@code expected} completes "must be ...". */
    public List<Node> list(String key, String expected) {
        Node v = value(key);
        if (v == null) {
            return null;
        }
        if (v instanceof SequenceNode seq) {
            return seq.getValue();
        }
        problem(key, "must be " + expected + ", got " + describe(v));
        return null;
    }

    public static boolean isNull(Node node) {
        return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** How a value reads in a message: 'text', a list, a mapping. */
    public static String describe(Node node) {
        if (node instanceof ScalarNode s) {
            if (isNull(s)) {
                return "nothing";
            }
            String v = s.getValue().replace("\n", "\\n");
            return "'" + (v.length() > 60 ? v.substring(0, 57) + "..." : v) + "'";
        }
        return node instanceof SequenceNode ? "a list" : "a mapping";
    }
}
