package io.strata.spec;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Numbers and sizes as written in a Strata YAML file (pipelines, apps); {@code null} for text that is not one. */
public final class Numbers {

    private static final Pattern WHOLE = Pattern.compile("[-+]?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
    private static final Pattern SIZE = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*([mg])b?");

    public static final String SIZE_FORMS = "use megabytes (768) or a number with m or g (768m, 1g, 1.5g)";
    public static final String DURATION_FORMS = "use a number with ms, s, m or h (500ms, 10s, 2m, 1h)";
    private static final Pattern DURATION = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h)");

    private Numbers() {
    }

    /** Digits, however many. */
    public static boolean looksWhole(String text) {
        return WHOLE.matcher(text).matches();
    }

    public static Long whole(String text) {
        if (!WHOLE.matcher(text).matches()) {
            return null;
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException tooLarge) {
            return null;
        }
    }

    public static Double decimal(String text) {
        if (!DECIMAL.matcher(text).matches()) {
            return null;
        }
        double d = Double.parseDouble(text);
        return Double.isFinite(d) ? d : null;
    }

    /** A duration written with its unit: "500ms", "10s", "1.5m", "1h"; null for anything else. */
    public static Duration duration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long perUnit = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        BigDecimal millis = amount.multiply(BigDecimal.valueOf(perUnit));
        return millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0 ? null : Duration.ofMillis(millis.longValue());
    }

    /** Megabytes: a whole number is MB already; "768m", "1g", "1.5g" (a fraction of a megabyte is dropped). */
    public static Long megabytes(String text) {
        Long plain = whole(text);
        if (plain != null) {
            return plain;
        }
        Matcher m = SIZE.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal mb = m.group(2).equals("g") ? amount.multiply(BigDecimal.valueOf(1024)) : amount;
        if (mb.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return null;
        }
        return mb.longValue();
    }
}
