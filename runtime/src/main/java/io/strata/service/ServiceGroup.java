package io.strata.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.group.Group;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The group a service belongs to, kept in its config under {@link #KEY} like {@link AutoReplace}'s
 * setting: an SDK setting every service type has. Absent (services created before groups) = default.
 */
public final class ServiceGroup {

    /** The field of the create request, the key in the service's config and the field of its status JSON. */
    public static final String KEY = "group";

    private ServiceGroup() {
    }

    public static String of(Map<String, String> config) {
        String g = config.get(KEY);
        return g == null || g.isBlank() ? Group.DEFAULT : g;
    }

    /** The group a create request names, or null; IllegalArgumentException when it is not text. */
    public static String requested(JsonNode body) {
        JsonNode g = body.path(KEY);
        if (g.isMissingNode() || g.isNull()) {
            return null;
        }
        if (!g.isTextual()) {
            throw new IllegalArgumentException("'" + KEY + "' must be a group's name, e.g. \"iot\", got " + g);
        }
        return g.asText();
    }

    public static Map<String, String> withGroup(Map<String, String> config, String group) {
        Map<String, String> next = new LinkedHashMap<>(config);
        next.put(KEY, group);
        return next;
    }
}
