package io.strata.pipelines.sources.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.strata.pipelines.sources.http.RequestGate.Format.JSON;
import static io.strata.pipelines.sources.http.RequestGate.Format.NDJSON;
import static org.assertj.core.api.Assertions.assertThat;

class EventParserTest {

    final EventParser plain = new EventParser(List.of(), null, 1000);
    final EventParser strict = new EventParser(List.of("deviceId", "ts"), "deviceId", 3);

    static EventParser.Result parse(EventParser parser, RequestGate.Format format, String body) {
        byte[] bytes = (body + "trailing bytes past length").getBytes(StandardCharsets.UTF_8);
        return parser.parse(format, bytes, body.getBytes(StandardCharsets.UTF_8).length);
    }

    static List<EventParser.Event> events(EventParser.Result r) {
        assertThat(r).isInstanceOf(EventParser.Events.class);
        return ((EventParser.Events) r).events();
    }

    static Answer refused(EventParser.Result r) {
        assertThat(r).isInstanceOf(EventParser.Refused.class);
        return ((EventParser.Refused) r).answer();
    }

    @Test
    void oneObjectAnArrayAndNdjsonAreEventsInOrderWithCompactJson() {
        assertThat(events(parse(plain, JSON, "{ \"a\" : 1 }"))).containsExactly(new EventParser.Event(null, "{\"a\":1}"));
        assertThat(events(parse(plain, JSON, "[{\"a\":1}, {\"b\":\"é\"}]\n"))).containsExactly(
                new EventParser.Event(null, "{\"a\":1}"), new EventParser.Event(null, "{\"b\":\"é\"}"));
        assertThat(events(parse(plain, NDJSON, "{\"a\":1}\r\n\n  \n{\"b\":[1,2]}"))).containsExactly(
                new EventParser.Event(null, "{\"a\":1}"), new EventParser.Event(null, "{\"b\":[1,2]}"));
    }

    @Test
    void theKeyFieldGivesTheKafkaKeyAndRequiredFieldsMustBeThere() {
        assertThat(events(parse(strict, JSON, "[{\"deviceId\":\"d-1\",\"ts\":5},{\"deviceId\":42,\"ts\":6}]")))
                .extracting(EventParser.Event::key).containsExactly("d-1", "42");

        Answer missing = refused(parse(strict, JSON, "[{\"deviceId\":\"d-1\",\"ts\":5},{\"deviceId\":\"d-2\",\"ts\":null}]"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json()).isEqualTo("{\"error\":\"event 1: field 'ts' is missing; every event needs deviceId, ts\","
                + "\"index\":1}");

        EventParser keyOnly = new EventParser(List.of(), "deviceId", 10);
        assertThat(refused(parse(keyOnly, JSON, "{\"ts\":1}")).json())
                .isEqualTo("{\"error\":\"event 0: key field 'deviceId' is missing\",\"index\":0}");
        assertThat(refused(parse(keyOnly, NDJSON, "{\"deviceId\":\"a\"}\n{\"deviceId\":{\"x\":1}}")).json())
                .isEqualTo("{\"error\":\"event 1 (line 2): key field 'deviceId' must be a string or a number, not an object\","
                        + "\"index\":1,\"line\":2}");
    }

    @Test
    void anEventThatIsNotAnObjectIsNamedByItsIndex() {
        assertThat(refused(parse(plain, JSON, "[{\"a\":1},{\"a\":2},[1]]")).json())
                .isEqualTo("{\"error\":\"event 2: is an array, not a JSON object\",\"index\":2}");
        assertThat(refused(parse(plain, JSON, "[{\"a\":1},\"hello\"]")).json())
                .isEqualTo("{\"error\":\"event 1: is a string, not a JSON object\",\"index\":1}");
        assertThat(refused(parse(plain, NDJSON, "{\"a\":1}\n\n7\n")).json())
                .isEqualTo("{\"error\":\"event 1 (line 3): is a number, not a JSON object\",\"index\":1,\"line\":3}");
        assertThat(refused(parse(plain, JSON, "true")).json())
                .isEqualTo("{\"error\":\"the body is a boolean; send a JSON object, an array of objects, or NDJSON "
                        + "(one object a line)\"}");
    }

    @Test
    void malformedJsonIsNamedByTheEventAndWhereItBroke() {
        Answer broken = refused(parse(plain, JSON, "[{\"a\":1},\n{\"a\":2,}]"));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json()).startsWith("{\"error\":\"event 1: malformed JSON: Unexpected character ('}' (code 125))")
                .contains("at line 2 column 8").endsWith("\"index\":1}");

        assertThat(refused(parse(plain, JSON, "[{\"a\":1}")).json())
                .startsWith("{\"error\":\"event 1: malformed JSON: Unexpected end-of-input");
        assertThat(refused(parse(plain, NDJSON, "{\"a\":1}\n{\"a\":\n")).json())
                .startsWith("{\"error\":\"event 1 (line 2): malformed JSON: Unexpected end-of-input").endsWith("\"index\":1,\"line\":2}");
        assertThat(refused(parse(plain, NDJSON, "{\"a\":1} {\"b\":2}")).json())
                .isEqualTo("{\"error\":\"event 0 (line 1): more than one JSON value on the line\",\"index\":0,\"line\":1}");
        assertThat(refused(parse(plain, JSON, "{\"a\":1} {\"b\":2}")).json())
                .isEqualTo("{\"error\":\"unexpected content after the JSON value at line 1 column 10; send one JSON value "
                        + "(an array for a batch) or use application/x-ndjson\"}");
    }

    @Test
    void anEmptyRequestHasNoEventsAndIsRefused() {
        String none = "{\"error\":\"no events in the request; send a JSON object, an array of objects, or NDJSON "
                + "(one object a line)\"}";
        for (String body : new String[] {"", "  ", "[]", "[ ]\n"}) {
            assertThat(refused(parse(plain, JSON, body)).json()).as("'%s'", body).isEqualTo(none);
        }
        assertThat(refused(parse(plain, NDJSON, "\n \n")).json()).isEqualTo(none);
    }

    @Test
    void moreEventsThanTheLimitIs413() {
        String four = "[{\"deviceId\":\"a\",\"ts\":1},{\"deviceId\":\"a\",\"ts\":2},{\"deviceId\":\"a\",\"ts\":3},"
                + "{\"deviceId\":\"a\",\"ts\":4}]";
        Answer tooMany = refused(parse(strict, JSON, four));
        assertThat(tooMany.status()).isEqualTo(413);
        assertThat(tooMany.json()).isEqualTo("{\"error\":\"more than 3 events in one request; send them in smaller batches\"}");
        assertThat(refused(parse(new EventParser(List.of(), null, 3), NDJSON, "{}\n{}\n{}\n{}")).status()).isEqualTo(413);
        assertThat(events(parse(strict, JSON, four.replace(",{\"deviceId\":\"a\",\"ts\":4}", "")))).hasSize(3);
    }
}
