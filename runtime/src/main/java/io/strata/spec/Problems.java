package io.strata.spec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The problems found in one file so far, each placed at a line and column of its text. */
public final class Problems {

    private final String file;
    private final String text;
    private final int[] lineStarts;
    private final List<Problem> found = new ArrayList<>();

    public Problems(String file, String text) {
        this.file = file;
        this.text = text;
        this.lineStarts = lineStarts(text);
    }

    /** A problem with the file as a whole. */
    public void add(String message) {
        found.add(new Problem(file, 0, 0, "", message));
    }

    /** A problem at a 1-based line and column. */
    public void add(int line, int column, String field, String message) {
        found.add(new Problem(file, line, column, field, message));
    }

    /** A problem where {@code node} starts. */
    public void add(Node node, String field, String message) {
        Mark start = node.getStartMark();
        add(start.getLine() + 1, start.getColumn() + 1, field, message);
    }

    /**
     * A problem at character {@code offset} of a scalar's value, placed on the exact line and column when the
     * value is written in the file as is (plain or quoted on one line, or a literal block); otherwise where the
     * scalar starts.
     */
    public void add(ScalarNode node, int offset, String field, String message) {
        int at = sourceIndex(node, offset);
        if (at < 0) {
            add(node, field, message);
            return;
        }
        int line = lineOf(at);
        add(line + 1, at - lineStarts[line] + 1, field, message);
    }

    public boolean isEmpty() {
        return found.isEmpty();
    }

    /** In file order; problems with the whole file first. */
    public List<Problem> sorted() {
        return found.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .toList();
    }

    private int sourceIndex(ScalarNode node, int offset) {
        String value = node.getValue();
        int start = charIndex(node.getStartMark().getIndex());
        int end = charIndex(node.getEndMark().getIndex());
        if (start < 0 || end < start || end > text.length()) {
            return -1;
        }
        if (node.getScalarStyle() == ScalarStyle.LITERAL) {
            return literalIndex(node, value, offset);
        }
        int at = value.isEmpty() || value.indexOf('\n') >= 0 ? -1 : text.substring(start, end).indexOf(value);
        return at < 0 ? -1 : start + at + offset;
    }

    /** A literal block keeps its lines: value line k is the k-th line after the header, past the indentation. */
    private int literalIndex(ScalarNode node, String value, int offset) {
        int header = node.getStartMark().getLine();
        int k = 0;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (value.charAt(i) == '\n') {
                k++;
                lineStart = i + 1;
            }
        }
        int sourceLine = header + 1 + k;
        if (sourceLine >= lineStarts.length) {
            return -1;
        }
        int first = header + 1;
        while (first < lineStarts.length && lineText(first).isBlank()) {
            first++;
        }
        if (first >= lineStarts.length) {
            return -1;
        }
        String firstLine = lineText(first);
        int indent = firstLine.length() - firstLine.stripLeading().length();
        return lineStarts[sourceLine] + indent + (offset - lineStart);
    }

    private String lineText(int line) {
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length();
        return text.substring(lineStarts[line], end).stripTrailing();
    }

    /** SnakeYAML counts code points; Java strings count UTF-16 units. */
    private int charIndex(int codePoints) {
        try {
            return text.offsetByCodePoints(0, codePoints);
        } catch (IndexOutOfBoundsException e) {
            return -1;
        }
    }

    private int lineOf(int index) {
        int low = 0;
        int high = lineStarts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (lineStarts[mid] <= index) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }
}
