package io.strata.pipelines.sources.mqtt;

import java.util.List;

/**
 * An MQTT 3.1.1 topic filter (section 4.7): levels split by '/', '+' matching exactly one level,
 * '#' (last level only) matching any number including none. Wildcards at the first level never
 * match topics starting with '$'.
 */
record TopicFilter(String text, List<String> levels) {

    /** @throws IllegalArgumentException saying which level is wrong */
    static TopicFilter parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("topic filter is empty; '#' matches every topic");
        }
        List<String> levels = List.of(text.split("/", -1));
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.contains("#") && (!level.equals("#") || i != levels.size() - 1)) {
                throw new IllegalArgumentException("topic filter '" + text + "': '#' must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("topic filter '" + text + "': '+' must be a whole level, as in a/+/c");
            }
        }
        return new TopicFilter(text, levels);
    }

    /** A topic name a client may publish to: not empty, no wildcards, no NUL. Null when fine, else why not. */
    static String problemWithTopicName(String topic) {
        if (topic.isEmpty()) {
            return "the topic name is empty";
        }
        if (topic.contains("+") || topic.contains("#")) {
            return "topic name '" + topic + "' contains a wildcard ('+' or '#'), allowed only in filters";
        }
        if (topic.indexOf('\0') >= 0) {
            return "the topic name contains a NUL character";
        }
        return null;
    }

    boolean matches(String topic) {
        String[] parts = topic.split("/", -1);
        if (topic.startsWith("$") && (levels.get(0).equals("+") || levels.get(0).equals("#"))) {
            return false;
        }
        for (int i = 0; i < levels.size(); i++) {
            String level = levels.get(i);
            if (level.equals("#")) {
                return true;
            }
            if (i >= parts.length || !(level.equals("+") || level.equals(parts[i]))) {
                return false;
            }
        }
        return parts.length == levels.size();
    }

    @Override
    public String toString() {
        return text;
    }
}
