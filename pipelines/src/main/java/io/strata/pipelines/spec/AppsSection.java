package io.strata.pipelines.spec;

import io.strata.apps.AppDefinition;
import io.strata.apps.AppFile;
import io.strata.apps.AppFileException;
import io.strata.spec.Problem;
import io.strata.spec.YamlMapping;

import io.strata.pipelines.spec.PipelineSpec.AppSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code apps} of a pipeline file: each entry is an app file's settings without name and group
 * (the app is named {@code <pipeline>-<key>} and runs in the pipeline's group). Each entry is checked
 * by {@link AppFile} itself, on a copy of the file in which everything but the entry is blanked, so
 * its problems keep the file's lines and columns; their fields get the entry's path in front.
 */
final class AppsSection {

    static final String EXAMPLE = "{command: [python3, -m, http.server, \"${PORT_HTTP}\"], ports: [{name: http}]}";

    private AppsSection() {
    }

    /** The apps that passed every check, in file order. */
    static Map<String, AppSpec> read(YamlMapping apps, String source, String fileName, String pipeline) {
        Map<String, AppSpec> read = new LinkedHashMap<>();
        if (apps == null) {
            return read;
        }
        for (YamlMapping.Entry e : apps.entries()) {
            String path = apps.child(e.key());
            YamlMapping m = YamlMapping.of(e, path, apps.problems(), "an app's settings as in an app file, e.g. "
                    + EXAMPLE);
            if (m == null || !PipelineFile.isKey(e.key())) {
                continue;
            }
            String name = (pipeline != null && PipelineFile.isPipelineName(pipeline) ? pipeline : "pipeline")
                    + "-" + e.key();
            if (m.has("name")) {
                m.problem("name", "leave name out: the app is named " + name + " (the pipeline's name and the key)");
            }
            if (m.has("group")) {
                m.problem("group", "leave group out: a pipeline's apps run in the pipeline's group (set 'group' at the"
                        + " top of the file)");
            }
            if (m.has("name") || m.has("group")) {
                continue;
            }
            AppSpec app = check(e, m, source, fileName, name);
            if (app != null) {
                read.put(e.key(), app);
            }
        }
        return read;
    }

    /** Every ${x.y} in the apps' texts must be known to the pipeline (see {@link ReferenceScope#apps}). */
    static void checkReferences(YamlMapping apps, java.util.Set<String> parsed, Catalog catalog) {
        if (apps == null) {
            return;
        }
        for (YamlMapping.Entry e : apps.entries()) {
            if (parsed.contains(e.key())) {
                checkTexts(e.value(), apps.child(e.key()), ReferenceScope.apps(catalog, e.key()), apps);
            }
        }
    }

    private static void checkTexts(Node node, String path, ReferenceScope scope, YamlMapping apps) {
        if (node instanceof ScalarNode s) {
            scope.check(s, path, apps.problems(), true);
        } else if (node instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                checkTexts(seq.getValue().get(i), path + "[" + i + "]", scope, apps);
            }
        } else if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                checkTexts(t.getValueNode(), path + "." + key, scope, apps);
            }
        }
    }

    private static AppSpec check(YamlMapping.Entry e, YamlMapping m, String source, String fileName, String name) {
        try {
            AppDefinition d = AppFile.parse(fileName, alone(source, e, name));
            @SuppressWarnings("unchecked")
            Map<String, Object> definition = (Map<String, Object>) tree(m.node());
            return new AppSpec(e.key(), definition, d.ports().stream().map(AppDefinition.Port::name).toList());
        } catch (AppFileException x) {
            for (Problem p : x.problems()) {
                String field = p.field().isEmpty() ? m.path() : m.path() + "." + p.field();
                m.problems().add(p.line(), p.column(), field, p.message());
            }
            return null;
        }
    }

    /**
     * The file with everything but the entry's value blanked (line breaks kept, so lines and columns
     * stay the file's) and {@code name: <name>} added to it: on the key's line at the mapping's
     * indentation for a block mapping, after its last value for a flow one.
     */
    static String alone(String source, YamlMapping.Entry e, String name) {
        Node v = e.value();
        int start = index(source, v.getStartMark().getIndex());
        int end = index(source, v.getEndMark().getIndex());
        StringBuilder text = new StringBuilder(source.length() + name.length() + 16);
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            text.append(i >= start && i < end || c == '\n' || c == '\r' ? c : ' ');
        }
        MappingNode mapping = (MappingNode) v;
        String field = "name: \"" + name + "\"";
        if (mapping.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            List<NodeTuple> values = mapping.getValue();
            int at = values.isEmpty() ? start + 1
                    : index(source, values.get(values.size() - 1).getValueNode().getEndMark().getIndex());
            text.insert(at, values.isEmpty() ? field : ", " + field);
            return text.toString();
        }
        int keyLine = lineStart(source, index(source, e.keyNode().getStartMark().getIndex()));
        int column = v.getStartMark().getColumn();
        text.replace(keyLine, lineEnd(text, keyLine), " ".repeat(column) + field);
        return text.toString();
    }

    /** The entry as plain values (mappings, lists, texts; null for a null), as the apps API takes it in JSON. */
    static Object tree(Node node) {
        if (node instanceof MappingNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k) {
                    out.put(k.getValue(), tree(t.getValueNode()));
                }
            }
            return out;
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            s.getValue().forEach(n -> out.add(tree(n)));
            return out;
        }
        return YamlMapping.isNull(node) ? null : ((ScalarNode) node).getValue();
    }

    /** SnakeYAML's marks count code points; the text is indexed by chars. */
    private static int index(String source, int codePoints) {
        try {
            return source.offsetByCodePoints(0, codePoints);
        } catch (IndexOutOfBoundsException e) {
            return source.length();
        }
    }

    private static int lineStart(String source, int at) {
        return source.lastIndexOf('\n', at - 1) + 1;
    }

    private static int lineEnd(CharSequence text, int from) {
        int i = from;
        while (i < text.length() && text.charAt(i) != '\n' && text.charAt(i) != '\r') {
            i++;
        }
        return i;
    }
}
