package io.strata.cassandra;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CQL file into statements at semicolons that are not inside quotes, $$ blocks or
 * comments, remembering the line each statement starts on (for error messages).
 */
public final class CqlScript {

    public record Statement(String text, int line) {
    }

    private CqlScript() {
    }

    public static List<Statement> split(String script) {
        List<Statement> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int line = 1;
        int startLine = -1;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            char next = i + 1 < n ? script.charAt(i + 1) : '\0';
            if (c == '-' && next == '-' || c == '/' && next == '/') {
                while (i < n && script.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && next == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                line += count(script, i, end);
                i = end;
                continue;
            }
            if (c == '\'' || c == '"' || c == '$' && next == '$') {
                String close = c == '$' ? "$$" : String.valueOf(c);
                int end = script.indexOf(close, i + close.length());
                while (end >= 0 && c != '$' && end + 1 < n && script.charAt(end + 1) == c) {
                    end = script.indexOf(close, end + 2);
                }
                end = end < 0 ? n : end + close.length();
                if (startLine < 0) {
                    startLine = line;
                }
                cur.append(script, i, end);
                line += count(script, i, end);
                i = end;
                continue;
            }
            if (c == ';') {
                add(out, cur, startLine);
                startLine = -1;
                i++;
                continue;
            }
            if (c == '\n') {
                line++;
            } else if (!Character.isWhitespace(c) && startLine < 0) {
                startLine = line;
            }
            cur.append(c);
            i++;
        }
        add(out, cur, startLine);
        return out;
    }

    private static void add(List<Statement> out, StringBuilder cur, int line) {
        String text = cur.toString().strip();
        if (!text.isEmpty()) {
            out.add(new Statement(text, line));
        }
        cur.setLength(0);
    }

    private static int count(String s, int from, int to) {
        int lines = 0;
        for (int i = from; i < to; i++) {
            if (s.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
