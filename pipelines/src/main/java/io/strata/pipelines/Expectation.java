package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A check's {@code expect}: a chain of comparisons such as {@code min <= avg <= max} or
 * {@code total == 20000}, whose operands are result columns or numbers (references are already
 * resolved). Numbers compare exactly (BigDecimal), so counts are never rounded. Pure.
 */
final class Expectation {

    private static final Pattern TOKEN = Pattern.compile(
            "\\s*(?:(==|!=|<=|>=|<|>)|(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)|([A-Za-z_][A-Za-z0-9_]*))");

    private final String text;
    private final List<String> operands = new ArrayList<>();
    private final List<String> operators = new ArrayList<>();

    private Expectation(String text) {
        this.text = text;
    }

    /** Parses {@code text}; IllegalArgumentException saying what is wrong. */
    static Expectation parse(String text) {
        Expectation e = new Expectation(text.strip());
        Matcher m = TOKEN.matcher(text);
        int pos = 0;
        boolean wantOperand = true;
        while (pos < text.length() && !text.substring(pos).isBlank()) {
            if (!m.find(pos) || m.start() != pos) {
                throw new IllegalArgumentException("cannot read '" + text.substring(pos).strip() + "' in '" + text.strip()
                        + "'; expected a column, a number or one of == != < <= > >=");
            }
            boolean isOperator = m.group(1) != null;
            if (isOperator == wantOperand) {
                throw new IllegalArgumentException("'" + text.strip() + "' is not a comparison chain such as "
                        + "'min <= avg <= max' or 'total == 100'");
            }
            if (isOperator) {
                e.operators.add(m.group(1));
            } else {
                e.operands.add(m.group(2) != null ? m.group(2) : m.group(3));
            }
            wantOperand = !wantOperand;
            pos = m.end();
        }
        if (e.operators.isEmpty() || wantOperand) {
            throw new IllegalArgumentException("'" + text.strip() + "' is not a comparison chain such as "
                    + "'min <= avg <= max' or 'total == 100'");
        }
        return e;
    }

    /** Empty if the row satisfies it, else why not (with the values). */
    Optional<String> failure(JsonNode row) {
        List<BigDecimal> values = new ArrayList<>();
        for (String operand : operands) {
            values.add(value(operand, row));
        }
        for (int i = 0; i < operators.size(); i++) {
            BigDecimal a = values.get(i);
            BigDecimal b = values.get(i + 1);
            int c = a.compareTo(b);
            boolean ok = switch (operators.get(i)) {
                case "==" -> c == 0;
                case "!=" -> c != 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
            if (!ok) {
                return Optional.of(describe(operands.get(i), a) + " " + operators.get(i) + " "
                        + describe(operands.get(i + 1), b) + " is false");
            }
        }
        return Optional.empty();
    }

    private static String describe(String operand, BigDecimal value) {
        return Character.isLetter(operand.charAt(0)) || operand.charAt(0) == '_'
                ? operand + " (" + value.stripTrailingZeros().toPlainString() + ")" : operand;
    }

    private static BigDecimal value(String operand, JsonNode row) {
        char c = operand.charAt(0);
        if (Character.isDigit(c) || c == '-') {
            return new BigDecimal(operand);
        }
        JsonNode v = row.get(operand);
        if (v == null) {
            throw new IllegalArgumentException("the result has no column '" + operand + "'; its columns are "
                    + String.join(", ", (Iterable<String>) row::fieldNames));
        }
        if (v.isNull()) {
            throw new IllegalArgumentException("column '" + operand + "' is null");
        }
        try {
            return v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column '" + operand + "' is not a number: '" + v.asText() + "'");
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
