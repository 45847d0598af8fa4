package io.strata.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** latest.json's format and merge, and the README table written from it. */
class ResultsFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void resultsFileHasTheIssueFormatInTheIssuesOrderAndKeepsOtherRecords(@TempDir Path repo) throws Exception {
        Path file = repo.resolve("bench/results/latest.json");
        Result ninth = Result.measured("iot.source_events_per_s.vs_producer_perf", 20_000, "events/s", "higher", "peer",
                80_000, "ratio >= 0.5", "n");
        ResultsFile.write(file, List.of(ninth), repo);
        Result first = Result.measured("allocator.round_ms.10k_agents_1k_frameworks", 12.5, "ms", "lower",
                "peer", 1060, "<= 50 ms", "n");
        ResultsFile.write(file, List.of(first), repo);

        JsonNode root = JSON.readTree(file.toFile());
        assertThat(root.fieldNames()).toIterable().containsExactly("machine", "date", "git", "results");
        assertThat(root.path("results")).hasSize(2);
        JsonNode one = root.path("results").get(0);
        assertThat(one.fieldNames()).toIterable().containsExactly("name", "value", "unit", "better", "peer",
                "peer_value", "ratio", "goal", "notes", "git", "measured");
        assertThat(one.path("name").asText()).isEqualTo(first.name());
        assertThat(one.path("ratio").asDouble()).isEqualTo(Result.round(12.5 / 1060));
        // Not a git work tree: the commit says so rather than naming another.
        assertThat(one.path("git").asText()).isEqualTo("unknown");
        assertThat(root.path("results").get(1).path("name").asText()).as("kept from the earlier run")
                .isEqualTo(ninth.name());
        assertThat(root.path("results").get(1).path("ratio").asDouble()).isEqualTo(0.25);
    }

    @Test
    void aRecordsCommitIsItsCodesNotTheResultsOrTheText(@TempDir Path repo) throws Exception {
        git(repo, "init", "-q");
        Files.createDirectories(repo.resolve("bench/results"));
        Files.writeString(repo.resolve("Code.java"), "class Code {}\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "code");
        String code = git(repo, "rev-parse", "HEAD");
        Files.writeString(repo.resolve("bench/results/latest.json"), "{}\n");
        Files.writeString(repo.resolve("README.md"), "text\n");
        git(repo, "add", "-A");
        git(repo, "commit", "-q", "-m", "results and text");

        assertThat(Machine.gitHead(repo)).isNotEqualTo(code);
        assertThat(Machine.codeCommit(repo)).as("results and Markdown commits do not count").isEqualTo(code);
        Files.writeString(repo.resolve("README.md"), "more text\n");
        assertThat(Machine.codeCommit(repo)).as("uncommitted text").isEqualTo(code);
        Files.writeString(repo.resolve("Code.java"), "class Code { int changed; }\n");
        assertThat(Machine.codeCommit(repo)).as("uncommitted code").isEqualTo(code + "-dirty");
    }

    private static String git(Path repo, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-c", "user.name=bench", "-c",
                "user.email=bench@127.0.0.1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
        return out;
    }

    @Test
    void theReadmeTableNamesEachFiguresCommitAndSaysWhetherTheyAreAllOne(@TempDir Path repo) throws Exception {
        Path readme = repo.resolve("README.md");
        Files.writeString(readme, "intro\n" + ReadmeTable.BEGIN + "\nold\n" + ReadmeTable.END + "\nafter\n");
        Path json = repo.resolve("latest.json");
        Files.writeString(json, """
                {"machine": "2 cores", "date": "2026-12-05T01:00:00Z", "git": "bbbbbbbbbb", "results": [
                  {"name": "a", "value": 1.5, "unit": "s", "peer": "p", "peer_value": 3, "ratio": 0.5, "goal": "g",
                   "git": "aaaaaaaaaa"},
                  {"name": "b", "value": null, "unit": "s", "peer": "p", "peer_value": null, "ratio": null, "goal": "g",
                   "git": "bbbbbbbbbb"},
                  {"name": "c", "value": 2, "unit": "s", "peer": "p", "peer_value": 2, "ratio": 1, "goal": "g"}
                ]}""");
        ReadmeTable.update(readme, json);

        String text = Files.readString(readme);
        assertThat(text).startsWith("intro\n").endsWith(ReadmeTable.END + "\nafter\n").doesNotContain("old");
        assertThat(text).contains("Figures were measured at 2 commits: `aaaaaaa` (1), `bbbbbbb` (1). 1 recorded no"
                + " commit (—)");
        assertThat(text).contains("| `a` | 1.5 s | p | 3 | 0.5 | g | aaaaaaa |")
                .contains("| `b` | — | p | — | — | g | bbbbbbb |")
                .contains("| `c` | 2 s | p | 2 | 1 | g | — |");

        Files.writeString(json, """
                {"machine": "m", "date": "d", "git": "cccccccc", "results": [
                  {"name": "a", "value": 1, "unit": "s", "peer": "p", "peer_value": 1, "ratio": 1, "goal": "g",
                   "git": "cccccccc"},
                  {"name": "b", "value": 1, "unit": "s", "peer": "p", "peer_value": 1, "ratio": 1, "goal": "g",
                   "git": "cccccccc"}]}""");
        assertThat(ReadmeTable.table(JSON.readTree(json.toFile())))
                .contains("All figures were measured at commit `ccccccc` (2).");
    }
}
