package io.strata.apps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Table;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** What {@code strata app} prints for people, made from the API's JSON (see APPS_API.md); pure. */
final class AppViews {

    private AppViews() {
    }

    /** {@code status NAME}: the app line, the deployment line, the last failure, the instances, the endpoints. */
    static String status(JsonNode s) {
        StringBuilder text = new StringBuilder();
        text.append(appLine(s)).append('\n');
        if (s.hasNonNull("deployment")) {
            text.append(deploymentLine(s.path("deployment"))).append('\n');
        }
        if (s.hasNonNull("lastFailure")) {
            text.append("last failure: ").append(Table.cell(s.path("lastFailure"))).append('\n');
        }
        if (s.path("instances").isEmpty()) {
            text.append("no instances\n");
        } else {
            text.append(instances(s.path("instances")));
        }
        List<String> endpoints = texts(s.path("endpoints"));
        if (!endpoints.isEmpty()) {
            text.append("endpoints: ").append(String.join(", ", endpoints)).append('\n');
        }
        return text.toString();
    }

    /** "app web (group default): version 2, RUNNING, 2 of 3 instances healthy". */
    static String appLine(JsonNode s) {
        return "app " + s.path("name").asText() + " (group " + s.path("group").asText("default") + "): version "
                + Table.cell(s.path("version")) + ", " + s.path("state").asText() + ", " + healthy(s.path("instances"))
                + " of " + s.path("instances_wanted").asInt() + " instances healthy";
    }

    /**
     * "deployment DEPLOYING from version 1 to 2: waiting for ..."; a first deployment has no from, a
     * restart goes from a version to itself.
     */
    static String deploymentLine(JsonNode d) {
        int from = d.path("fromVersion").asInt();
        String to = Table.cell(d.path("toVersion"));
        String versions = to.equals(Integer.toString(from)) ? "restarting version " + to
                : from > 0 ? "from version " + from + " to " + to : "to version " + to;
        String reason = d.path("reason").asText("");
        return "deployment " + d.path("state").asText() + " " + versions + (reason.isBlank() ? "" : ": " + reason);
    }

    /** The instances: id, state, version, agent, host:ports, restarts, reason. */
    static String instances(JsonNode instances) {
        Table t = new Table("ID", "STATE", "VERSION", "AGENT", "ADDRESS", "RESTARTS", "REASON");
        for (JsonNode i : instances) {
            t.row(Table.cell(i.path("id")), Table.cell(i.path("state")), Table.cell(i.path("version")),
                    Table.cell(i.path("agentId")), address(i), Table.cell(i.path("restarts")),
                    Table.cell(i.path("reason")));
        }
        return t.render();
    }

    /** "127.0.0.2:31005" for one port, "127.0.0.2 http:31005 admin:31006" for several, "-" before it has a host. */
    static String address(JsonNode instance) {
        JsonNode host = instance.path("host");
        if (!host.isTextual() || host.asText().isBlank()) {
            return Table.NONE;
        }
        JsonNode ports = instance.path("ports");
        if (ports.size() == 1) {
            return host.asText() + ":" + ports.elements().next().asText();
        }
        StringBuilder text = new StringBuilder(host.asText());
        for (Iterator<Map.Entry<String, JsonNode>> it = ports.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> port = it.next();
            text.append(' ').append(port.getKey()).append(':').append(port.getValue().asText());
        }
        return text.toString();
    }

    /** {@code list}: one row per app. */
    static String list(JsonNode all) {
        JsonNode apps = all.path("apps");
        if (apps.isEmpty()) {
            return "No apps. Create one with 'strata app create FILE'.\n";
        }
        Table t = new Table("NAME", "GROUP", "VERSION", "HEALTHY", "RUNNING", "DEPLOYMENT");
        for (JsonNode a : apps) {
            t.row(Table.cell(a.path("name")), Table.cell(a.path("group")), Table.cell(a.path("version")),
                    a.path("healthy").asInt() + "/" + a.path("instances").asInt(), Table.cell(a.path("running")),
                    Table.cell(a.path("deployment").path("state")));
        }
        return t.render();
    }

    /** {@code versions NAME}: each version, when it was made and what it changed from the one before. */
    static String versions(JsonNode v) {
        Table t = new Table("VERSION", "CREATED", "CHANGES");
        JsonNode previous = null;
        int current = v.path("current").asInt();
        for (JsonNode version : v.path("versions")) {
            int number = version.path("version").asInt();
            t.row(number + (number == current ? " (current)" : ""), Table.cell(version.path("createdAt")),
                    previous == null ? "first version" : changes(previous, version.path("definition")));
            previous = version.path("definition");
        }
        return t.render();
    }

    /** What differs between two definitions: "instances 3 -> 2, env"; single values with old and new. */
    static String changes(JsonNode before, JsonNode after) {
        List<String> keys = new ArrayList<>();
        before.fieldNames().forEachRemaining(keys::add);
        after.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        });
        List<String> changed = new ArrayList<>();
        for (String key : keys) {
            JsonNode was = before.path(key);
            JsonNode is = after.path(key);
            if (was.equals(is)) {
                continue;
            }
            boolean simple = (was.isValueNode() || was.isMissingNode()) && (is.isValueNode() || is.isMissingNode());
            changed.add(simple ? key + " " + Table.cell(was) + " -> " + Table.cell(is) : key);
        }
        return changed.isEmpty() ? "same as the version before" : String.join(", ", changed);
    }

    /** One instance as a progress line: "web.3f2a: HEALTHY (version 2) on agent-1 - passing http check". */
    static String instanceLine(JsonNode i) {
        String reason = i.path("reason").asText("");
        return Table.cell(i.path("id")) + ": " + i.path("state").asText() + " (version " + Table.cell(i.path("version"))
                + ")" + (i.hasNonNull("agentId") ? " on " + i.path("agentId").asText() : "")
                + (reason.isBlank() ? "" : " - " + reason);
    }

    static int healthy(JsonNode instances) {
        int n = 0;
        for (JsonNode i : instances) {
            if (i.path("state").asText().equals("HEALTHY")) {
                n++;
            }
        }
        return n;
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.asText()));
        return out;
    }
}
