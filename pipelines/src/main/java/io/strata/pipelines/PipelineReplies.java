package io.strata.pipelines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.strata.pipelines.PipelinesProtocol.Reply;

import java.util.Collection;
import java.util.List;

/** The orchestrator's answers to the API, worded in one place (their JSON is part of the contract). */
final class PipelineReplies {

    private PipelineReplies() {
    }

    static Reply json(int status, JsonNode body) {
        return new Reply(status, body.toString());
    }

    static Reply error(int status, String message) {
        return json(status, LocalApi.MAPPER.createObjectNode().put("error", message));
    }

    static Reply notFound(String name) {
        return error(404, "no pipeline named '" + name + "'; see 'strata pipeline list'");
    }

    /**
     * One pipeline: its status plus the spec and uploaded jars it last ran with, the body
     * {@code POST /api/v1/pipelines} takes, so an ended pipeline can be started again as it was
     * (the dashboard's Start button) without the file. The list leaves them out.
     */
    static Reply status(PipelineRecord r, JsonNode lastChecks) {
        com.fasterxml.jackson.databind.node.ObjectNode n = PipelineJson.status(r, lastChecks);
        n.set("spec", LocalApi.MAPPER.valueToTree(r.spec()));
        com.fasterxml.jackson.databind.node.ObjectNode jars = n.putObject("jars");
        r.jars().forEach(jars::put);
        return json(200, n);
    }

    static Reply list(Collection<PipelineSlot> slots) {
        ArrayNode all = LocalApi.MAPPER.createArrayNode();
        slots.forEach(s -> all.add(PipelineJson.status(s.record(), s.lastChecks())));
        return json(200, all);
    }

    static Reply alreadyExists(PipelineRecord r, boolean hint) {
        return error(409, "pipeline " + r.name() + " already exists (" + r.state() + ")"
                + (hint ? "; stop it first with 'strata pipeline stop " + r.name() + "'" : ""));
    }

    static Reply cannotRun(String name, List<String> problems) {
        return error(400, "pipeline " + name + " cannot run on this cluster:\n  - " + String.join("\n  - ", problems));
    }

    static Reply started(String name) {
        return json(201, LocalApi.MAPPER.createObjectNode().put("name", name).put("state", "STARTING"));
    }

    static Reply stopping(String name, boolean stoppedAlready) {
        return json(202, LocalApi.MAPPER.createObjectNode().put("name", name)
                .put("state", stoppedAlready ? "STOPPED" : "STOPPING"));
    }

    static Reply forgotten(String name) {
        return json(200, LocalApi.MAPPER.createObjectNode().put("deleted", name));
    }
}
