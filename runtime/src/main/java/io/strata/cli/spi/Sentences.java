package io.strata.cli.spi;

/** Turns messages from libraries and the API into the one plain sentence the CLI prints. */
public final class Sentences {

    private Sentences() {
    }

    /** Capitalizes the first letter and ends with a full stop unless it already ends a sentence. */
    public static String of(String message) {
        String text = message == null ? "" : message.strip();
        if (text.isEmpty()) {
            return "Something went wrong.";
        }
        text = Character.toUpperCase(text.charAt(0)) + text.substring(1);
        char last = text.charAt(text.length() - 1);
        return last == '.' || last == '!' || last == '?' ? text : text + ".";
    }
}
