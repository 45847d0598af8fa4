package io.strata.master;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.protocol.GroupQuota;
import io.strata.resources.Resources;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the group records of the control store namespace {@value #NAMESPACE} (key = group name):
 * {@code {"name":"iot","weight":2,"guarantee":{"cpus":2,"memMb":4096,"diskMb":0},
 * "limit":{"cpus":6,"memMb":8192},"users":["etl"]}}. An absent guarantee, limit or resource means
 * none; fields the master does not need (users, timestamps) are passed over. A record that cannot
 * be read is left out with a reason, so one bad record does not take every group's quota away.
 */
final class GroupRecords {

    static final String NAMESPACE = "groups";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The groups read, and a sentence for each record left out. */
    record Parsed(List<GroupQuota> groups, List<String> problems) {
    }

    private GroupRecords() {
    }

    static Parsed parse(Map<String, String> records) {
        List<GroupQuota> groups = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        records.forEach((key, json) -> {
            try {
                groups.add(parse(key, json));
            } catch (IllegalArgumentException e) {
                problems.add("group record '" + key + "' left out: " + e.getMessage());
            }
        });
        return new Parsed(groups, problems);
    }

    private static GroupQuota parse(String key, String json) {
        JsonNode n;
        try {
            n = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not JSON (" + e.getClass().getSimpleName() + ")");
        }
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String name = n.path("name").asText(key);
        if (!name.equals(key)) {
            throw new IllegalArgumentException("its name '" + name + "' differs from its key");
        }
        JsonNode weight = n.path("weight");
        if (!weight.isMissingNode() && !weight.isNull() && !weight.isNumber()) {
            throw new IllegalArgumentException("weight must be a number, got " + weight);
        }
        double w = weight.isNumber() ? weight.asDouble() : 1.0;
        return new GroupQuota(name, w, resources(n.path("guarantee"), "guarantee"), resources(n.path("limit"), "limit"));
    }

    private static Resources resources(JsonNode n, String field) {
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(field + " must be an object like {\"cpus\":2,\"memMb\":4096}, got " + n);
        }
        double cpus = number(n, "cpus", field);
        long mem = (long) number(n, "memMb", field);
        long disk = (long) number(n, "diskMb", field);
        return Resources.of(cpus, mem, disk);
    }

    private static double number(JsonNode parent, String name, String field) {
        JsonNode v = parent.path(name);
        if (v.isMissingNode() || v.isNull()) {
            return 0;
        }
        if (!v.isNumber() || v.asDouble() < 0 || Double.isInfinite(v.asDouble())) {
            throw new IllegalArgumentException(field + "." + name + " must be a number >= 0, got " + v);
        }
        return v.asDouble();
    }
}
