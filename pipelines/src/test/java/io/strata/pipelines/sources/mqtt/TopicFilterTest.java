package io.strata.pipelines.sources.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicFilterTest {

    @Test
    void wildcardsMatchAsMqttSpecifies() {
        String[][] table = {
                // filter, topic, matches?
                {"#", "devices/d1/readings", "true"},
                {"devices/#", "devices", "true"},
                {"devices/#", "devices/d1/readings", "true"},
                {"devices/+/readings", "devices/d1/readings", "true"},
                {"devices/+/readings", "devices/d1/status", "false"},
                {"devices/+/readings", "devices/d1/readings/x", "false"},
                {"devices/+", "devices/", "true"},
                {"devices/+", "devices", "false"},
                {"+/+", "a/b", "true"},
                {"a/b", "a/b", "true"},
                {"a/b", "a/B", "false"},
                {"#", "$SYS/uptime", "false"},
                {"+/uptime", "$SYS/uptime", "false"},
                {"$SYS/#", "$SYS/uptime", "true"},
        };
        for (String[] row : table) {
            assertThat(TopicFilter.parse(row[0]).matches(row[1])).as(row[0] + " ~ " + row[1]).isEqualTo(Boolean.parseBoolean(row[2]));
        }
    }

    @Test
    void badFiltersAreRefusedSayingWhy() {
        assertThatThrownBy(() -> TopicFilter.parse("a/#/b")).hasMessageContaining("'#' must be a whole level and the last one");
        assertThatThrownBy(() -> TopicFilter.parse("a/b#")).hasMessageContaining("'#' must be a whole level");
        assertThatThrownBy(() -> TopicFilter.parse("a/b+/c")).hasMessageContaining("'+' must be a whole level");
        assertThatThrownBy(() -> TopicFilter.parse("")).hasMessageContaining("empty");
    }

    @Test
    void publishTopicsMayNotCarryWildcards() {
        assertThat(TopicFilter.problemWithTopicName("devices/d1")).isNull();
        assertThat(TopicFilter.problemWithTopicName("devices/+")).contains("wildcard");
        assertThat(TopicFilter.problemWithTopicName("devices/#")).contains("wildcard");
        assertThat(TopicFilter.problemWithTopicName("")).contains("empty");
    }
}
