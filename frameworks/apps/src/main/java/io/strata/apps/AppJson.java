package io.strata.apps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.time.Instant;
import java.util.List;
import java.util.function.IntFunction;

/** The apps API's JSON: an app's status (what {@code strata app status --json} prints), the list, the versions. */
final class AppJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private AppJson() {
    }

    static String encode(AppRecord app) {
        try {
            return MAPPER.writeValueAsString(app);
        } catch (Exception e) {
            throw new IllegalStateException("app " + app.name() + " cannot be written as JSON", e);
        }
    }

    static AppRecord decode(String json) {
        try {
            return MAPPER.readValue(json, AppRecord.class);
        } catch (Exception e) {
            throw new IllegalStateException("an app record in the control store cannot be read: " + e.getMessage(), e);
        }
    }

    static String state(AppRecord app) {
        if (app.deleting()) {
            return "DELETING";
        }
        Deployment d = app.deployment();
        if (d != null && (d.state().active() || d.state() == DeploymentState.PAUSED)) {
            return "DEPLOYING";
        }
        return app.wanted() == 0 && app.instances().isEmpty() ? "SUSPENDED" : "RUNNING";
    }

    static ObjectNode status(AppRecord app, IntFunction<AppDefinition> definitions) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("name", app.name()).put("group", app.group()).put("version", app.current())
                .put("instances_wanted", app.wanted()).put("state", state(app));
        if (!definitions.apply(app.current()).sticky().isZero()) {
            s.put("stickySeconds", definitions.apply(app.current()).sticky().toSeconds());
        }
        ArrayNode instances = s.putArray("instances");
        ArrayNode endpoints = MAPPER.createArrayNode();
        ObjectNode byPort = MAPPER.createObjectNode();
        List<AppDefinition.Port> ports = definitions.apply(app.current()).ports();
        ports.forEach(p -> byPort.putArray(p.name()));
        for (AppInstance i : app.instances()) {
            ObjectNode n = instances.addObject().put("id", i.id()).put("state", i.state().name()).put("version",
                    i.version());
            n.put("agentId", i.agentId()).put("taskId", i.taskId()).put("host", i.host());
            ObjectNode p = n.putObject("ports");
            i.ports().forEach(p::put);
            n.put("restarts", i.restarts()).put("reason", i.reason());
            if (i.startedAtMillis() > 0) {
                n.put("startedAt", Instant.ofEpochMilli(i.startedAtMillis()).toString());
            }
            if (i.stickTo() != null) {
                StickySpot spot = i.stickTo();
                ObjectNode st = n.putObject("stickyTo").put("agentId", spot.agentId()).put("host", spot.host());
                spot.ports().forEach(st.putObject("ports")::put);
                st.put("endedAt", Instant.ofEpochMilli(spot.endedAtMillis()).toString()).put("until", Instant.ofEpochMilli(
                        spot.untilMillis(definitions.apply(i.version()).sticky())).toString());
            }
            if (i.state() == InstanceState.HEALTHY && i.host() != null) {
                for (int k = 0; k < ports.size(); k++) {
                    Integer port = i.ports().get(ports.get(k).name());
                    if (port != null) {
                        if (k == 0) {
                            endpoints.add(i.host() + ":" + port);
                        }
                        ((ArrayNode) byPort.get(ports.get(k).name())).add(i.host() + ":" + port);
                    }
                }
            }
        }
        s.put("healthy", app.instances().stream().filter(i -> i.state() == InstanceState.HEALTHY).count());
        s.put("running", app.instances().stream().filter(i -> i.taskId() != null && i.startedAtMillis() > 0).count());
        Deployment d = app.deployment();
        if (d != null) {
            ObjectNode dn = s.putObject("deployment");
            dn.put("state", d.state().name()).put("reason", d.reason()).put("fromVersion", d.fromVersion())
                    .put("toVersion", d.toVersion()).put("startedAt", Instant.ofEpochMilli(d.startedAtMillis()).toString());
            ArrayNode steps = dn.putArray("steps");
            app.steps().forEach(steps::add);
        }
        s.set("endpoints", endpoints);
        s.set("endpointsByPort", byPort);
        if (app.lastFailure() != null) {
            s.put("lastFailure", app.lastFailure());
        }
        return s;
    }

    /** {@code GET /api/v1/apps}: {@code {"apps": [summary, ...]}}. */
    static ObjectNode list(List<AppRecord> apps, java.util.function.Function<String, IntFunction<AppDefinition>> defs) {
        ObjectNode list = MAPPER.createObjectNode();
        ArrayNode arr = list.putArray("apps");
        apps.forEach(a -> arr.add(summary(a, defs.apply(a.name()))));
        return list;
    }

    /** One line of the list: name, group, version, wanted, healthy, running and the deployment's state. */
    static ObjectNode summary(AppRecord app, IntFunction<AppDefinition> definitions) {
        ObjectNode full = status(app, definitions);
        ObjectNode n = MAPPER.createObjectNode();
        n.put("name", app.name()).put("group", app.group()).put("version", app.current())
                .put("instances", app.wanted()).set("healthy", full.get("healthy"));
        n.set("running", full.get("running"));
        n.put("state", full.get("state").asText());
        if (app.deployment() != null) {
            n.putObject("deployment").put("state", app.deployment().state().name());
        }
        return n;
    }

    static ObjectNode versions(AppRecord app) {
        ObjectNode n = MAPPER.createObjectNode().put("name", app.name()).put("current", app.current());
        ArrayNode list = n.putArray("versions");
        for (AppVersion v : app.versions()) {
            list.addObject().put("version", v.version()).put("createdAt", Instant.ofEpochMilli(v.createdAtMillis())
                    .toString()).set("definition", definition(v.text()));
        }
        return n;
    }

    /** The app file as a JSON object (it was read as YAML, so it is one). */
    static JsonNode definition(String text) {
        Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        return MAPPER.valueToTree(tree);
    }
}
