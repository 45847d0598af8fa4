package io.strata.pipelines.sources.mqtt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;

/**
 * How an MQTT publish becomes a Kafka record: the key ({@code none}, {@code topic:N} = the N-th
 * topic level, {@code field:NAME} = a top-level field of a JSON payload) and the value ({@code raw}
 * payload bytes, or {@code wrapped} as {@code {"topic":..,"payload":..}}).
 */
record RecordMapping(String keySpec, Integer topicLevel, String field, boolean wrapped) {

    static final String KEY_FORMS = "none, topic:N (N-th topic level, from 0) or field:NAME (a JSON payload field)";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A mapped record; {@code key} is null when the publish has none under the mapping. */
    record Mapped(String key, byte[] value) {
    }

    /** @throws IllegalArgumentException naming the flag and the forms it takes */
    static RecordMapping parse(String key, String payload) {
        boolean wrapped = switch (payload) {
            case "raw" -> false;
            case "wrapped" -> true;
            default -> throw new IllegalArgumentException("--payload: '" + payload + "' is not raw or wrapped");
        };
        if (key.equals("none")) {
            return new RecordMapping(key, null, null, wrapped);
        }
        if (key.startsWith("topic:")) {
            String n = key.substring("topic:".length());
            try {
                int level = Integer.parseInt(n);
                if (level >= 0) {
                    return new RecordMapping(key, level, null, wrapped);
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
            throw new IllegalArgumentException("--key: '" + key + "': the level must be an integer from 0, as in topic:1");
        }
        if (key.startsWith("field:") && key.length() > "field:".length()) {
            return new RecordMapping(key, null, key.substring("field:".length()), wrapped);
        }
        throw new IllegalArgumentException("--key: '" + key + "' is not one of " + KEY_FORMS);
    }

    Mapped map(String topic, byte[] payload) {
        JsonNode json = field != null || wrapped ? parseJson(payload) : null;
        String key = null;
        if (topicLevel != null) {
            String[] levels = topic.split("/", -1);
            key = topicLevel < levels.length ? levels[topicLevel] : null;
        } else if (field != null && json != null && json.isObject()) {
            JsonNode v = json.get(field);
            key = v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : v.toString();
        }
        if (!wrapped) {
            return new Mapped(key, payload);
        }
        ObjectNode w = JSON.createObjectNode();
        w.put("topic", topic);
        if (json != null) {
            w.set("payload", json);
        } else {
            w.put("payload", new String(payload, StandardCharsets.UTF_8));
        }
        try {
            return new Mapped(key, JSON.writeValueAsBytes(w));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static JsonNode parseJson(byte[] payload) {
        try {
            return payload.length == 0 ? null : JSON.readTree(payload);
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
