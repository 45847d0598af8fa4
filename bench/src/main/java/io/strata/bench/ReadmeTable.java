package io.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Rewrites the results table of bench/README.md from latest.json, between two marker comments,
 * so the README can never disagree with the numbers it summarises.
 */
final class ReadmeTable {

    static final String BEGIN = "<!-- results:begin (written by bench/run from results/latest.json) -->";
    static final String END = "<!-- results:end -->";

    private ReadmeTable() {
    }

    static void update(Path readme, Path resultsJson) throws IOException {
        if (!Files.exists(readme)) {
            return;
        }
        String text = Files.readString(readme, StandardCharsets.UTF_8);
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            return;
        }
        String table = table(new ObjectMapper().readTree(resultsJson.toFile()));
        Files.writeString(readme, text.substring(0, begin + BEGIN.length()) + "\n" + table + text.substring(end),
                StandardCharsets.UTF_8);
    }

    static String table(JsonNode root) {
        StringBuilder s = new StringBuilder();
        s.append("Written ").append(root.path("date").asText()).append(" on ").append(root.path("machine").asText())
                .append(". ").append(commits(root.path("results"))).append("\n\n");
        s.append("| figure | value | peer | peer value | ratio | goal | commit |\n|---|---|---|---|---|---|---|\n");
        for (JsonNode r : root.path("results")) {
            s.append("| `").append(r.path("name").asText()).append("` | ")
                    .append(number(r.path("value")))
                    .append(r.path("value").isNull() ? "" : " " + r.path("unit").asText()).append(" | ")
                    .append(r.path("peer").asText()).append(" | ")
                    .append(number(r.path("peer_value"))).append(" | ")
                    .append(number(r.path("ratio"))).append(" | ")
                    .append(r.path("goal").asText()).append(" | ")
                    .append(shortCommit(r)).append(" |\n");
        }
        return s.toString();
    }

    /** Which commits the figures were measured at: one sentence, "—" records counted apart. */
    static String commits(JsonNode results) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        int unknown = 0;
        for (JsonNode r : results) {
            if (r.path("git").isTextual()) {
                counts.merge(shortCommit(r), 1, Integer::sum);
            } else {
                unknown++;
            }
        }
        String listed = counts.entrySet().stream().map(e -> "`" + e.getKey() + "` (" + e.getValue() + ")")
                .collect(Collectors.joining(", "));
        String known = counts.isEmpty() ? "" : counts.size() == 1 && unknown == 0
                ? "All figures were measured at commit " + listed + "."
                : "Figures were measured at " + counts.size() + (counts.size() == 1 ? " commit: " : " commits: ") + listed + ".";
        return unknown == 0 ? known : (known + " " + unknown + " recorded no commit (—): measured before records kept"
                + " their own.").trim();
    }

    private static String shortCommit(JsonNode r) {
        String git = r.path("git").asText("");
        return git.isEmpty() ? "—" : git.substring(0, Math.min(7, git.length()));
    }

    private static String number(JsonNode n) {
        if (n.isNull() || n.isMissingNode()) {
            return "—";
        }
        double v = n.asDouble();
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format(Locale.ROOT, "%,d", (long) v)
                : String.format(Locale.ROOT, "%s", n.asText());
    }
}
