package io.strata.pipelines.spec;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The syntax of a check's {@code expect}: a comparison chain such as {@code total == ${events.produced}} or
 * {@code min <= avg <= max}. Operands are result columns, numbers and references; references themselves are
 * checked by {@link ReferenceScope}.
 */
final class Expectation {

    /** What is wrong, at a character of the text. */
    record SyntaxError(int offset, String message) {
    }

    private static final List<String> OPERATORS = List.of("==", "!=", "<=", ">=", "<", ">");
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]+(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String HOW = "; join column names, numbers and ${...} references with ==, !=, <, <=, >, >=,"
            + " e.g. total == ${events.produced} or min <= avg <= max";

    private Expectation() {
    }

    static Optional<SyntaxError> check(String text) {
        int i = 0;
        int operators = 0;
        boolean wantOperand = true;
        String last = null;
        int lastAt = 0;
        while (true) {
            while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i == text.length()) {
                break;
            }
            int end = wantOperand ? operandEnd(text, i) : operatorEnd(text, i);
            if (end < 0) {
                return Optional.of(new SyntaxError(i, unexpected(text, i, wantOperand, last)));
            }
            if (!wantOperand) {
                operators++;
            }
            last = text.substring(i, end);
            lastAt = i;
            wantOperand = !wantOperand;
            i = end;
        }
        if (last == null) {
            return Optional.of(new SyntaxError(0, "is empty" + HOW));
        }
        if (wantOperand) {
            return Optional.of(new SyntaxError(lastAt, "'" + text.strip() + "' is not a valid comparison: it ends with '"
                    + last + "' and needs a value after it" + HOW));
        }
        if (operators == 0) {
            return Optional.of(new SyntaxError(0, "'" + text.strip() + "' is not a valid comparison: it compares nothing"
                    + HOW));
        }
        return Optional.empty();
    }

    /** The end of the operand at {@code i}, or -1. An unclosed reference runs to the end (reported elsewhere). */
    private static int operandEnd(String text, int i) {
        if (text.startsWith("${", i)) {
            int close = text.indexOf('}', i);
            return close < 0 ? text.length() : close + 1;
        }
        for (Pattern p : List.of(NUMBER, IDENTIFIER)) {
            Matcher m = p.matcher(text).region(i, text.length());
            if (m.lookingAt()) {
                return m.end();
            }
        }
        return -1;
    }

    private static int operatorEnd(String text, int i) {
        for (String op : OPERATORS) {
            if (text.startsWith(op, i)) {
                return i + op.length();
            }
        }
        return -1;
    }

    private static String unexpected(String text, int i, boolean wantOperand, String last) {
        String prefix = "'" + text.strip() + "' is not a valid comparison: ";
        String at = "'" + text.substring(i, Math.min(text.length(), i + 10)).strip() + "'";
        if (!wantOperand && text.charAt(i) == '=') {
            return prefix + "'=' is not an operator, use '=='" + HOW;
        }
        if (wantOperand) {
            return prefix + "expected a column name, number or reference at " + at + HOW;
        }
        return prefix + "expected an operator after '" + last + "', got " + at + HOW;
    }
}
