package io.strata.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.adhoc.AdhocProtocol;
import io.strata.adhoc.AdhocTasks;
import io.strata.group.Group;
import io.strata.group.GroupAccess;
import io.strata.resources.FrameworkId;
import io.strata.security.Principal;
import io.strata.protocol.ClusterState;
import io.strata.resources.Resources;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The HTTP API's JSON shapes: the contract scripts and the CLI depend on. */
final class ApiJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private ApiJson() {
    }

    static ObjectNode state(ClusterState s, AdhocProtocol.PendingList pending, Principal who) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode master = root.putObject("master");
        master.put("epoch", s.masterEpoch());
        master.put("address", s.masterAddress());
        master.put("leaderSince", Instant.ofEpochMilli(s.leaderSinceMillis()).toString());
        root.set("agents", agents(s));
        root.set("frameworks", visible(who, frameworks(s)));
        root.set("tasks", visible(who, tasks(s, pending)));
        root.put("offers", s.outstandingOffers());
        return root;
    }

    static ArrayNode agents(ClusterState s) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (ClusterState.AgentView a : s.agents()) {
            ObjectNode n = arr.addObject();
            n.put("id", a.id().value());
            n.put("host", a.host());
            n.put("active", a.active());
            n.set("total", resources(a.total()));
            n.set("used", resources(a.used()));
            n.set("offered", resources(a.offered()));
            ObjectNode attrs = n.putObject("attributes");
            a.attributes().forEach(attrs::put);
            n.put("tasks", a.tasks());
        }
        return arr;
    }

    static ArrayNode frameworks(ClusterState s) {
        ArrayNode arr = MAPPER.createArrayNode();
        for (ClusterState.FrameworkView f : s.frameworks()) {
            ObjectNode n = arr.addObject();
            n.put("id", f.id().value());
            n.put("name", f.name());
            n.put("role", f.role());
            n.put("group", Group.ofRole(f.role()));
            n.put("active", f.active());
            n.set("used", resources(f.used()));
            n.put("dominantShare", f.dominantShare());
            n.put("tasks", f.tasks());
        }
        return arr;
    }

    static ArrayNode tasks(ClusterState s, AdhocProtocol.PendingList pending) {
        ArrayNode arr = MAPPER.createArrayNode();
        Map<FrameworkId, String> groups = new HashMap<>();
        s.frameworks().forEach(f -> groups.put(f.id(), Group.ofRole(f.role())));
        for (ClusterState.TaskView t : s.tasks()) {
            TaskStatus st = t.status();
            ObjectNode n = arr.addObject();
            n.put("id", t.spec().taskId().value());
            n.put("name", t.spec().name());
            n.put("framework", t.frameworkName());
            n.put("frameworkId", t.frameworkId().value());
            n.put("group", groups.getOrDefault(t.frameworkId(), Group.DEFAULT));
            n.put("state", st.state().name());
            n.put("reason", st.reason());
            putNullable(n, "agentId", st.agentId() == null ? null : st.agentId().value());
            n.put("host", t.host());
            if (st.state() == TaskState.RUNNING && st.pid() != null) {
                n.put("pid", st.pid());
            } else {
                n.putNull("pid");
            }
            if (st.state().isTerminal() && st.exitCode() != null) {
                n.put("exitCode", st.exitCode());
            } else {
                n.putNull("exitCode");
            }
            n.set("resources", resources(t.spec().resources()));
            ArrayNode cmd = n.putArray("command");
            t.spec().argv().forEach(cmd::add);
            n.put("updatedAt", Instant.ofEpochMilli(st.timestampMillis()).toString());
        }
        if (pending != null) {
            for (AdhocProtocol.PendingTask p : pending.tasks()) {
                ObjectNode n = arr.addObject();
                n.put("id", p.id());
                n.put("name", p.name());
                n.put("framework", AdhocTasks.frameworkName(p.group()));
                n.put("frameworkId", AdhocTasks.frameworkName(p.group()));
                n.put("group", p.groupName());
                n.put("state", TaskState.PENDING.name());
                n.put("reason", p.reason());
                n.putNull("agentId");
                n.put("host", "");
                n.putNull("pid");
                n.putNull("exitCode");
                n.set("resources", resources(p.resources()));
                ArrayNode cmd = n.putArray("command");
                p.command().forEach(cmd::add);
                n.put("updatedAt", Instant.ofEpochMilli(p.submittedAtMillis()).toString());
            }
        }
        return arr;
    }

    /** The elements of {@code arr} (tasks or frameworks, each with "group") that {@code who} may see. */
    static ArrayNode visible(Principal who, ArrayNode arr) {
        if (who.group() == null) {
            return arr;
        }
        ArrayNode out = MAPPER.createArrayNode();
        arr.forEach(n -> {
            if (GroupAccess.sees(who, n.path("group").asText(Group.DEFAULT))) {
                out.add(n);
            }
        });
        return out;
    }

    static ObjectNode resources(Resources r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("cpus", r.milliCpus() / 1000.0);
        n.put("memMb", r.memMb());
        n.put("diskMb", r.diskMb());
        n.put("ports", r.ports().toString());
        return n;
    }

    static ObjectNode error(String message) {
        return MAPPER.createObjectNode().put("error", message);
    }

    private static void putNullable(ObjectNode n, String field, String value) {
        if (value == null) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
