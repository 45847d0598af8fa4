package io.strata.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.resources.Resources;

import java.time.Instant;

/** The dashboard API's JSON shapes (the contract the page's scripts read). */
final class DashboardJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private DashboardJson() {
    }

    static ObjectNode point(History.Point p) {
        ObjectNode n = MAPPER.createObjectNode().put("t", p.t()).put("cpus_used", p.cpusUsed())
                .put("cpus_total", p.cpusTotal()).put("mem_used_mb", p.memUsedMb()).put("mem_total_mb", p.memTotalMb())
                .put("disk_used_mb", p.diskUsedMb()).put("disk_total_mb", p.diskTotalMb());
        ObjectNode tasks = n.putObject("tasks");
        p.tasks().forEach(tasks::put);
        return n;
    }

    static ObjectNode event(ClusterEvents.Event e) {
        ObjectNode n = MAPPER.createObjectNode().put("seq", e.seq()).put("at", Instant.ofEpochMilli(e.atMillis()).toString())
                .put("kind", e.kind()).put("severity", e.severity());
        n.put("task", e.task());
        n.put("agent", e.agent());
        n.put("group", e.group());
        n.put("state", e.state());
        return n.put("text", e.text());
    }

    static ObjectNode analysis(OfferAnalysis.Result r) {
        ObjectNode n = MAPPER.createObjectNode().put("summary", r.summary());
        n.set("demand", demand(r.demand()));
        ObjectNode g = n.putObject("group").put("name", r.group().name());
        g.set("limit", scalars(r.group().limit()));
        g.set("used", scalars(r.group().used()));
        g.put("blocked", r.group().blocked());
        ArrayNode agents = n.putArray("agents");
        for (OfferAnalysis.AgentFit a : r.agents()) {
            ObjectNode an = agents.addObject().put("id", a.id()).put("host", a.host()).put("active", a.active())
                    .put("fits", a.fits());
            an.putObject("free").put("cpus", a.free().milliCpus() / 1000.0).put("memMb", a.free().memMb())
                    .put("diskMb", a.free().diskMb()).put("ports", a.free().ports());
            ArrayNode lacks = an.putArray("lacks");
            for (OfferAnalysis.Lack l : a.lacks()) {
                ObjectNode ln = lacks.addObject().put("resource", l.resource());
                ln.set("wanted", MAPPER.valueToTree(l.wanted()));
                ln.set("free", MAPPER.valueToTree(l.free()));
                ln.set("total", MAPPER.valueToTree(l.total()));
                ln.put("text", l.text());
            }
        }
        return n;
    }

    static ObjectNode demand(OfferAnalysis.Demand d) {
        ObjectNode n = MAPPER.createObjectNode().put("cpus", d.milliCpus() / 1000.0).put("memMb", d.memMb())
                .put("diskMb", d.diskMb()).put("ports", d.ports()).put("group", d.group());
        ObjectNode attrs = n.putObject("attributes");
        new java.util.TreeMap<>(d.attributes()).forEach(attrs::put);
        n.put("agent", d.agent());
        return n.put("volume", d.volume());
    }

    private static ObjectNode scalars(Resources r) {
        return MAPPER.createObjectNode().put("cpus", r.milliCpus() / 1000.0).put("memMb", r.memMb())
                .put("diskMb", r.diskMb());
    }

    static ObjectNode error(String sentence) {
        return MAPPER.createObjectNode().put("error", sentence);
    }
}
