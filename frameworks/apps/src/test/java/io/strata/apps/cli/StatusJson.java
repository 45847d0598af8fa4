package io.strata.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Status JSON as the apps API answers it (APPS_API.md), for the CLI's tests. */
final class StatusJson {

    /** web at version 2, half-way through a deployment from version 1. */
    static final String DEPLOYING = """
            {"name": "web", "group": "default", "version": 2, "instances_wanted": 3, "state": "DEPLOYING",
             "instances": [
               {"id": "web.3f2a", "state": "HEALTHY", "version": 2, "agentId": "agent-1", "taskId": "app:web:3f2a",
                "host": "127.0.0.2", "ports": {"http": 31005}, "restarts": 0,
                "reason": "passing http check on / (200)", "startedAt": "2026-12-04T17:01:02Z"},
               {"id": "web.77c1", "state": "STARTING", "version": 2, "agentId": "agent-2", "taskId": "app:web:77c1",
                "host": "127.0.0.3", "ports": {"http": 31002, "admin": 31003}, "restarts": 1,
                "reason": "in its grace period (10 s)", "startedAt": "2026-12-04T17:01:05Z"},
               {"id": "web.1a09", "state": "KILLING", "version": 1, "agentId": "agent-3", "taskId": "app:web:1a09",
                "host": "127.0.0.4", "ports": {"http": 31007}, "restarts": 0, "reason": "replaced by version 2",
                "startedAt": "2026-12-04T16:55:00Z"},
               {"id": "web.9e00", "state": "STARTING", "version": 2, "agentId": null, "taskId": null, "host": null,
                "ports": {}, "restarts": 0, "reason": "waiting for an agent with 0.1 cpus free"}
             ],
             "deployment": {"state": "DEPLOYING", "reason": "waiting for web.77c1 to pass its health check (1 of 3 healthy, minHealthy 2)",
                            "fromVersion": 1, "toVersion": 2, "startedAt": "2026-12-04T17:01:00Z",
                            "steps": ["started web.3f2a (v2)"]},
             "endpoints": ["127.0.0.2:31005"], "endpointsByPort": {"http": ["127.0.0.2:31005"]},
             "lastFailure": "instance web.5b exited with code 1: Address already in use"}""";

    private StatusJson() {
    }

    static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A status of {@code wanted} instances, each given as "STATE/VERSION", with a deployment (or none). */
    static JsonNode status(int version, int wanted, String deploymentState, String startedAt, String... instances) {
        StringBuilder text = new StringBuilder("{\"name\":\"web\",\"group\":\"default\",\"version\":" + version
                + ",\"instances_wanted\":" + wanted + ",\"state\":\"RUNNING\",\"instances\":[");
        for (int i = 0; i < instances.length; i++) {
            String[] parts = instances[i].split("/");
            text.append(i == 0 ? "" : ",").append("{\"id\":\"web.").append(i).append("\",\"state\":\"")
                    .append(parts[0]).append("\",\"version\":").append(parts[1]).append(",\"host\":\"127.0.0.")
                    .append(i + 2).append("\",\"ports\":{\"http\":3100").append(i).append("}}");
        }
        text.append("],\"endpoints\":[]");
        if (deploymentState != null) {
            text.append(",\"deployment\":{\"state\":\"").append(deploymentState).append("\",\"reason\":\"")
                    .append(deploymentState.equals("REVERTED") ? "version 2 was not healthy within 60 s; back on version 1"
                            : "a reason").append("\",\"fromVersion\":").append(deploymentState.equals("REVERTED") ? 1 : version - 1)
                    .append(",\"toVersion\":").append(deploymentState.equals("REVERTED") ? 2 : version)
                    .append(",\"startedAt\":\"")
                    .append(startedAt).append("\"}");
        }
        return json(text.append('}').toString());
    }
}
