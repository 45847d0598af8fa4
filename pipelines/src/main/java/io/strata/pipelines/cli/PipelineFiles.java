package io.strata.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import io.strata.pipelines.spec.PipelineFile;
import io.strata.pipelines.spec.PipelineFileException;
import io.strata.pipelines.spec.PipelineSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading a pipeline file on the user's machine and handing it to the cluster. */
final class PipelineFiles {

    private PipelineFiles() {
    }

    /** The validated spec, or a usage failure (exit 2) listing every problem with its line. */
    static PipelineSpec read(Path file) {
        if (!Files.exists(file)) {
            throw new CliFailure(CliFailure.USAGE, "Pipeline file " + file + " does not exist.");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new CliFailure(CliFailure.USAGE, "Pipeline file " + file + " is not a readable file.");
        }
        try {
            return PipelineFile.read(file);
        } catch (PipelineFileException e) {
            int n = e.problems().size();
            throw new CliFailure(CliFailure.USAGE, (n == 1 ? "The pipeline file has a problem:\n  "
                    : "The pipeline file has " + n + " problems:\n  ")
                    + String.join("\n  ", e.problems().stream().map(Object::toString).toList()));
        }
    }

    /** Uploads each job's jar once and builds the start request. */
    static ObjectNode request(ApiClient api, PipelineSpec spec, boolean dryRun) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("spec", Json.MAPPER.valueToTree(spec));
        ObjectNode jars = body.putObject("jars");
        Map<String, String> uploaded = new LinkedHashMap<>();
        for (PipelineSpec.JobSpec j : spec.jobs().values()) {
            String sha = uploaded.computeIfAbsent(j.jar(), jar -> api.upload(Path.of(jar))
                    .path("sha256").asText());
            jars.put(j.key(), sha);
        }
        body.put("dryRun", dryRun);
        return body;
    }

    static String path(String name) {
        return "/api/v1/pipelines/" + ApiClient.segment(name);
    }

    static JsonNode status(ApiClient api, String name) {
        return api.get(path(name));
    }
}
