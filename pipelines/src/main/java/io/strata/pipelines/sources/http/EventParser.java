package io.strata.pipelines.sources.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a request body into the events to send, or into the 400/413 answer that refuses the whole
 * request: the first bad event is named by its index (and NDJSON line) and what is wrong. Pure.
 */
final class EventParser {

    /** One event as it goes to Kafka: its key (null: none) and its JSON, compact. */
    record Event(String key, String json) {
    }

    sealed interface Result permits Events, Refused {
    }

    record Events(List<Event> events) implements Result {
    }

    record Refused(Answer answer) implements Result {
    }

    /** Thrown inside the parser for the first bad event; becomes a {@link Refused}. */
    private static final class Bad extends Exception {
        final transient Answer answer;

        Bad(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    private static final String SEND = "send a JSON object, an array of objects, or NDJSON (one object a line)";

    private final List<String> required;
    private final String keyField;
    private final int maxEvents;

    EventParser(List<String> required, String keyField, int maxEvents) {
        this.required = List.copyOf(required);
        this.keyField = keyField;
        this.maxEvents = maxEvents;
    }

    Result parse(RequestGate.Format format, byte[] body, int length) {
        try {
            List<Event> events = format == RequestGate.Format.JSON ? json(body, length) : ndjson(body, length);
            if (events.isEmpty()) {
                return new Refused(Answer.error(400, "no events in the request; " + SEND));
            }
            return new Events(events);
        } catch (Bad bad) {
            return new Refused(bad.answer);
        }
    }

    private List<Event> json(byte[] body, int length) throws Bad {
        List<Event> events = new ArrayList<>();
        try (JsonParser p = Answer.JSON.getFactory().createParser(body, 0, length)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_OBJECT) {
                events.add(event(p.readValueAsTree(), 0, null));
            } else if (first == JsonToken.START_ARRAY) {
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY && t != null; t = p.nextToken()) {
                    if (events.size() == maxEvents) {
                        throw new Bad(Answer.error(413, "more than " + maxEvents + " events in one request; send them in smaller batches"));
                    }
                    if (t != JsonToken.START_OBJECT) {
                        JsonNode v = p.readValueAsTree();
                        throw new Bad(Answer.badEvent("event " + events.size() + ": is " + kind(v) + ", not a JSON object",
                                events.size(), null));
                    }
                    events.add(event(p.readValueAsTree(), events.size(), null));
                }
            } else if (first != null) {
                throw new Bad(Answer.error(400, "the body is " + kind(p.readValueAsTree()) + "; " + SEND));
            }
            if (first != null && p.nextToken() != null) {
                throw new Bad(Answer.error(400, "unexpected content after the JSON value at line "
                        + p.currentLocation().getLineNr() + " column " + p.currentLocation().getColumnNr()
                        + "; send one JSON value (an array for a batch) or use application/x-ndjson"));
            }
        } catch (JsonProcessingException e) {
            throw new Bad(Answer.badEvent("event " + events.size() + ": malformed JSON: " + reason(e, true), events.size(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    private List<Event> ndjson(byte[] body, int length) throws Bad {
        List<Event> events = new ArrayList<>();
        int line = 0;
        for (int start = 0; start < length; ) {
            int end = start;
            while (end < length && body[end] != '\n') {
                end++;
            }
            line++;
            if (!blank(body, start, end)) {
                int index = events.size();
                if (index == maxEvents) {
                    throw new Bad(Answer.error(413, "more than " + maxEvents + " events in one request; send them in smaller batches"));
                }
                JsonNode v;
                try (JsonParser p = Answer.JSON.getFactory().createParser(body, start, end - start)) {
                    p.nextToken();
                    v = p.readValueAsTree();
                    if (p.nextToken() != null) {
                        throw new Bad(Answer.badEvent("event " + index + " (line " + line
                                + "): more than one JSON value on the line", index, line));
                    }
                } catch (JsonProcessingException e) {
                    throw new Bad(Answer.badEvent("event " + index + " (line " + line + "): malformed JSON: " + reason(e, false),
                            index, line));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (!v.isObject()) {
                    throw new Bad(Answer.badEvent("event " + index + " (line " + line + "): is " + kind(v)
                            + ", not a JSON object", index, line));
                }
                events.add(event((ObjectNode) v, index, line));
            }
            start = end + 1;
        }
        return events;
    }

    private Event event(ObjectNode node, int index, Integer line) throws Bad {
        String where = line == null ? "event " + index : "event " + index + " (line " + line + ")";
        for (String field : required) {
            JsonNode v = node.get(field);
            if (v == null || v.isNull()) {
                throw new Bad(Answer.badEvent(where + ": field '" + field + "' is missing; every event needs "
                        + String.join(", ", required), index, line));
            }
        }
        String key = null;
        if (keyField != null) {
            JsonNode k = node.get(keyField);
            if (k == null || k.isNull()) {
                throw new Bad(Answer.badEvent(where + ": key field '" + keyField + "' is missing", index, line));
            }
            if (!k.isTextual() && !k.isNumber()) {
                throw new Bad(Answer.badEvent(where + ": key field '" + keyField + "' must be a string or a number, not "
                        + kind(k), index, line));
            }
            key = k.asText();
        }
        return new Event(key, node.toString());
    }

    private static boolean blank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }

    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
            case BINARY -> "binary";
        };
    }

    /** Jackson's reason without its source excerpt, with where it happened. */
    private static String reason(JsonProcessingException e, boolean withLine) {
        String msg = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        if (e.getLocation() == null) {
            return msg;
        }
        return msg + (withLine ? " at line " + e.getLocation().getLineNr() + " column " : " at column ")
                + e.getLocation().getColumnNr();
    }
}
