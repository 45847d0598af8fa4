package io.strata.spec;

/**
 * One thing wrong with a Strata YAML file (a pipeline or app file), as the user sees it.
 *
 * @param file    the file's name as the user gave it
 * @param line    1-based; 0 when the problem has no position (an empty or unreadable file)
 * @param column  1-based; 0 with line 0
 * @param field   the path of the setting, e.g. {@code jobs.aggregates.executors}; empty for the file as a whole
 * @param message one sentence: the bad value and what would be valid
 */
public record Problem(String file, int line, int column, String field, String message) {

    /** {@code pipeline.yaml:12:5: jobs.aggregates.executors: '0:3' is not valid; ...}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(file);
        if (line > 0) {
            s.append(':').append(line).append(':').append(column);
        }
        s.append(": ");
        if (!field.isEmpty()) {
            s.append(field).append(": ");
        }
        return s.append(message).toString();
    }
}
