package io.strata.pipelines.sources.mqtt;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordMappingTest {

    private static final byte[] READING = "{\"device_id\":\"d7\",\"seq\":3,\"value\":21.5}".getBytes(StandardCharsets.UTF_8);

    @Test
    void rawPayloadPassesByteForByteWithoutKey() {
        RecordMapping.Mapped m = RecordMapping.parse("none", "raw").map("devices/d7/readings", READING);
        assertThat(m.key()).isNull();
        assertThat(m.value()).isEqualTo(READING);
    }

    @Test
    void keyFromATopicLevel() {
        RecordMapping mapping = RecordMapping.parse("topic:1", "raw");
        assertThat(mapping.map("devices/d7/readings", READING).key()).isEqualTo("d7");
        assertThat(mapping.map("flat", READING).key()).as("no such level: no key").isNull();
    }

    @Test
    void keyFromAJsonField() {
        RecordMapping mapping = RecordMapping.parse("field:device_id", "raw");
        assertThat(mapping.map("t", READING).key()).isEqualTo("d7");
        assertThat(RecordMapping.parse("field:seq", "raw").map("t", READING).key()).isEqualTo("3");
        assertThat(mapping.map("t", "not json".getBytes(StandardCharsets.UTF_8)).key()).isNull();
        assertThat(mapping.map("t", "{\"other\":1}".getBytes(StandardCharsets.UTF_8)).key()).isNull();
    }

    @Test
    void wrappedCarriesTheTopicAndTheJsonPayloadOrItsText() {
        RecordMapping mapping = RecordMapping.parse("none", "wrapped");
        assertThat(new String(mapping.map("devices/d7", READING).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"topic\":\"devices/d7\",\"payload\":{\"device_id\":\"d7\",\"seq\":3,\"value\":21.5}}");
        assertThat(new String(mapping.map("a/b", "on".getBytes(StandardCharsets.UTF_8)).value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"topic\":\"a/b\",\"payload\":\"on\"}");
    }

    @Test
    void badFormsAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> RecordMapping.parse("topic:x", "raw")).hasMessage(
                "--key: 'topic:x': the level must be an integer from 0, as in topic:1");
        assertThatThrownBy(() -> RecordMapping.parse("topic:-1", "raw")).hasMessageContaining("from 0");
        assertThatThrownBy(() -> RecordMapping.parse("field:", "raw")).hasMessageContaining("is not one of none, topic:N");
        assertThatThrownBy(() -> RecordMapping.parse("header", "raw")).hasMessageContaining("--key: 'header'");
        assertThatThrownBy(() -> RecordMapping.parse("none", "json")).hasMessage("--payload: 'json' is not raw or wrapped");
    }
}
