package io.strata.spec;

import java.io.StringReader;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * The node tree of a YAML text, keeping each node's position; nothing is constructed, so duplicate keys
 * survive to be reported and no tag can instantiate a class. Syntax errors become problems in plain words.
 */
public final class YamlDocument {

    private YamlDocument() {
    }

    /** The root node; null for an empty document or (with a problem) text that is not YAML. */
    public static Node compose(String text, Problems problems) {
        LoaderOptions options = new LoaderOptions();
        try {
            return new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            String context = e.getContext();
            Mark at = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message;
            if (context != null && context.contains("single document")) {
                message = "the file holds more than one YAML document; it must be one document (remove the"
                        + " second '---')";
            } else if (e.getProblem() != null && e.getProblem().contains("(TAB)")) {
                message = "not valid YAML: a tab cannot indent or start a value; indent with spaces";
            } else {
                message = "not valid YAML: " + e.getProblem() + where(context, e.getContextMark(), at);
            }
            if (at == null) {
                problems.add(message);
            } else {
                problems.add(at.getLine() + 1, at.getColumn() + 1, "", message);
            }
        } catch (ReaderException e) {
            int[] position = lineAndColumn(text, e.getPosition());
            problems.add(position[0], position[1], "", "not valid YAML: character U+"
                    + String.format("%04X", e.getCodePoint()) + " is not allowed in a YAML file");
        } catch (YAMLException e) {
            problems.add("not valid YAML: " + e.getMessage().lines().findFirst().orElse("unreadable"));
        }
        return null;
    }

    /** " (while scanning a quoted scalar that starts at line 3, column 7)" when that is elsewhere, or nothing. */
    private static String where(String context, Mark contextMark, Mark problemMark) {
        boolean elsewhere = context != null && contextMark != null && problemMark != null
                && (contextMark.getLine() != problemMark.getLine() || contextMark.getColumn() != problemMark.getColumn());
        return elsewhere ? " (" + context + " that starts at line " + (contextMark.getLine() + 1) + ", column "
                + (contextMark.getColumn() + 1) + ")" : "";
    }

    private static int[] lineAndColumn(String text, int codePointIndex) {
        int line = 1;
        int column = 1;
        int seen = 0;
        for (int i = 0; i < text.length() && seen < codePointIndex; i = text.offsetByCodePoints(i, 1), seen++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[]{line, column};
    }
}
