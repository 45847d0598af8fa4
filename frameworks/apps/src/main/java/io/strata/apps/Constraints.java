package io.strata.apps;

import io.strata.spec.Problems;
import io.strata.spec.YamlMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads an app file's {@code constraints}: unique, maxPerAgent:N, attribute:KEY=VALUE, attribute:KEY~REGEX. */
final class Constraints {

    static final String FORMS = "unique, maxPerAgent:N, attribute:KEY=VALUE or attribute:KEY~REGEX";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.-]+");

    private Constraints() {
    }

    static List<Placement> read(YamlMapping app, Problems problems) {
        List<Node> items = app.list("constraints", "a list such as [unique] or [maxPerAgent:2, attribute:rack=r1]");
        List<Placement> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            String path = app.child("constraints") + "[" + i + "]";
            Node item = items.get(i);
            String text = text(item);
            if (text == null) {
                problems.add(item, path, "must be one of " + FORMS + ", got " + YamlMapping.describe(item));
                continue;
            }
            String problem = parse(text.trim(), out);
            if (problem != null) {
                problems.add(item, path, problem);
            }
        }
        if (out.stream().filter(p -> p instanceof Placement.Unique || p instanceof Placement.MaxPerAgent).count() > 1) {
            app.problem("constraints", "give one of unique and maxPerAgent, once");
        }
        return out;
    }

    /** A scalar, or a one-key mapping such as {maxPerAgent: 2} that a YAML reader may make of "maxPerAgent: 2". */
    private static String text(Node item) {
        if (item instanceof ScalarNode s && !YamlMapping.isNull(s)) {
            return s.getValue();
        }
        if (item instanceof org.yaml.snakeyaml.nodes.MappingNode m && m.getValue().size() == 1
                && m.getValue().get(0).getKeyNode() instanceof ScalarNode k
                && m.getValue().get(0).getValueNode() instanceof ScalarNode v) {
            return k.getValue() + ":" + v.getValue();
        }
        return null;
    }

    /** Adds the constraint {@code text} names; the problem in a sentence when it names none. */
    static String parse(String text, List<Placement> out) {
        if (text.equals("unique")) {
            out.add(new Placement.Unique());
            return null;
        }
        int colon = text.indexOf(':');
        String kind = colon < 0 ? text : text.substring(0, colon).trim();
        String arg = colon < 0 ? "" : text.substring(colon + 1).trim();
        switch (kind) {
            case "maxPerAgent" -> {
                if (!arg.matches("[0-9]{1,4}") || Integer.parseInt(arg) < 1) {
                    return "maxPerAgent needs a whole number of 1 or more, e.g. maxPerAgent:2, got '" + text + "'";
                }
                out.add(new Placement.MaxPerAgent(Integer.parseInt(arg)));
                return null;
            }
            case "attribute" -> {
                int eq = arg.indexOf('=');
                int like = arg.indexOf('~');
                int at = eq < 0 ? like : like < 0 ? eq : Math.min(eq, like);
                String key = at < 0 ? "" : arg.substring(0, at).trim();
                String value = at < 0 ? "" : arg.substring(at + 1).trim();
                if (at < 0 || !KEY.matcher(key).matches() || value.isEmpty()) {
                    return "attribute needs a key and a value: attribute:rack=r1 (equals) or attribute:rack~r[12]"
                            + " (matches), got '" + text + "'";
                }
                if (arg.charAt(at) == '=') {
                    out.add(new Placement.AttributeIs(key, value));
                    return null;
                }
                try {
                    Pattern.compile(value);
                } catch (PatternSyntaxException e) {
                    return "'" + value + "' is not a regular expression: " + e.getDescription();
                }
                out.add(new Placement.AttributeLike(key, value));
                return null;
            }
            default -> {
                return "unknown constraint '" + text + "'; use " + FORMS;
            }
        }
    }
}
