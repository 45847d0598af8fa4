package io.strata.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * bench/results/latest.json. A run of some figures replaces only their records, so running one
 * figure alone does not wipe the others; records stay in the order of {@link Figures#names()}.
 * Each fresh record carries the commit of the code it was measured on ({@link Machine#codeCommit})
 * as {@code git} and when ({@code measured}), so the file says whether its figures all come from
 * one commit's code; the top-level {@code git} (HEAD) and {@code date} are those of the last write.
 */
final class ResultsFile {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsFile() {
    }

    static void write(Path file, List<Result> fresh, Path repo) throws IOException {
        String head = Machine.gitHead(repo);
        String code = Machine.codeCommit(repo);
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        if (Files.exists(file)) {
            for (JsonNode r : JSON.readTree(file.toFile()).path("results")) {
                byName.put(r.path("name").asText(), r);
            }
        }
        for (Result r : fresh) {
            ObjectNode record = JSON.valueToTree(r);
            record.put("git", code);
            record.put("measured", now);
            byName.put(r.name(), record);
        }
        List<JsonNode> ordered = new ArrayList<>();
        for (String name : Figures.names()) {
            JsonNode r = byName.remove(name);
            if (r != null) {
                ordered.add(r);
            }
        }
        ordered.addAll(byName.values());

        ObjectNode root = JSON.createObjectNode();
        root.put("machine", Machine.describe());
        root.put("date", now);
        root.put("git", head);
        ArrayNode results = root.putArray("results");
        ordered.forEach(results::add);
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), root);
        ReadmeTable.update(repo.resolve("bench/README.md"), file);
    }
}
