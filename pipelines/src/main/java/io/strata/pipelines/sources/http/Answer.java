package io.strata.pipelines.sources.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/** One HTTP answer of the ingest endpoint: a status, a JSON body and extra headers. */
record Answer(int status, String json, Map<String, String> headers) {

    static final ObjectMapper JSON = new ObjectMapper();

    static Answer accepted(int events) {
        return new Answer(200, JSON.createObjectNode().put("accepted", events).toString(), Map.of());
    }

    static Answer error(int status, String reason) {
        return error(status, reason, Map.of());
    }

    static Answer error(int status, String reason, Map<String, String> headers) {
        return new Answer(status, JSON.createObjectNode().put("error", reason).toString(), headers);
    }

    /** An error about one event of the request: the reason, its index and, for NDJSON, its line. */
    static Answer badEvent(String reason, int index, Integer line) {
        ObjectNode body = JSON.createObjectNode().put("error", reason).put("index", index);
        if (line != null) {
            body.put("line", line);
        }
        return new Answer(400, body.toString(), Map.of());
    }
}
