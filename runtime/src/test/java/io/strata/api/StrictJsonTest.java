package io.strata.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StrictJsonTest {

    static final StrictJson.Schema SERVICE = StrictJson.object().text("name").wholeNumberOrText("brokers", 1, 1000)
            .positiveNumberOrText("brokerCpus").bool("dryRun").text("group");
    static final StrictJson.Schema TASK = HttpApi.TASK_REQUEST;

    static String refusal(StrictJson.Schema schema, String body) {
        try {
            schema.parse(body);
        } catch (StrictJson.Invalid e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + body);
    }

    @Test
    void aValidBodyComesBackAsJson() {
        JsonNode n = TASK.parse("{\"name\":\"a\",\"cpus\":0.5,\"memMb\":64,\"diskMb\":0,\"env\":{\"A\":\"1\"},"
                + "\"command\":[\"sleep\",\"1\"],\"group\":\"iot\",\"user\":\"alice\"}");
        assertThat(n.path("cpus").asDouble()).isEqualTo(0.5);
        assertThat(n.path("command")).hasSize(2);
    }

    @Test
    void anUnknownFieldIsRefusedByNameListingTheKnownOnes() {
        assertThat(refusal(SERVICE, "{\"name\":\"a\",\"brokerCpu\":2}"))
                .isEqualTo("unknown field 'brokerCpu' (known: name, brokers, brokerCpus, dryRun, group)");
    }

    @Test
    void aWrongTypeNamesTheFieldWhatIsValidAndWhatWasGiven() {
        assertThat(refusal(TASK, "{\"cpus\":\"lots\"}")).isEqualTo("'cpus' must be a number greater than 0, got \"lots\"");
        assertThat(refusal(TASK, "{\"memMb\":1.5}")).startsWith("'memMb' must be a whole number greater than 0");
        assertThat(refusal(TASK, "{\"command\":[\"ls\",3]}")).isEqualTo("'command' must be an array of strings, got [\"ls\",3]");
        assertThat(refusal(TASK, "{\"env\":{\"A\":{}}}")).isEqualTo("'env' must be an object of string values, got {\"A\":{}}");
        assertThat(refusal(TASK, "{\"name\":[]}")).isEqualTo("'name' must be a string, got []");
        assertThat(refusal(SERVICE, "{\"dryRun\":\"yes\"}")).isEqualTo("'dryRun' must be true or false, got \"yes\"");
    }

    @Test
    void numbersOutOfRangeAreRefused() {
        assertThat(refusal(TASK, "{\"cpus\":0}")).startsWith("'cpus' must be a number greater than 0");
        assertThat(refusal(TASK, "{\"cpus\":-1}")).startsWith("'cpus' must be a number greater than 0");
        assertThat(refusal(TASK, "{\"cpus\":1e300}")).startsWith("'cpus' must be a number greater than 0");
        assertThat(refusal(TASK, "{\"memMb\":-64}")).startsWith("'memMb' must be a whole number greater than 0");
        assertThat(refusal(TASK, "{\"memMb\":99999999999999999999}")).startsWith("'memMb' must be a whole number");
        assertThat(refusal(SERVICE, "{\"brokers\":1001}"))
                .isEqualTo("'brokers' must be a whole number greater than 0 and at most 1000, got 1001");
    }

    @Test
    void numbersMayComeAsStringsWhereTheSchemaSaysSo() {
        SERVICE.parse("{\"brokers\":\"3\",\"brokerCpus\":\"0.5\"}");
        assertThat(refusal(SERVICE, "{\"brokers\":\"three\"}")).startsWith("'brokers' must be a whole number");
        assertThat(refusal(SERVICE, "{\"brokers\":\"3.5\"}")).startsWith("'brokers' must be a whole number");
        assertThat(refusal(SERVICE, "{\"brokerCpus\":\"NaN\"}")).startsWith("'brokerCpus' must be a number greater than 0");
        assertThat(refusal(SERVICE, "{\"brokerCpus\":\"Infinity\"}")).startsWith("'brokerCpus' must be a number");
    }

    @Test
    void nullCountsAsAbsent() {
        assertThat(TASK.parse("{\"name\":null,\"cpus\":null}").path("name").isNull()).isTrue();
    }

    @Test
    void aBodyThatIsNotOneJsonObjectIsRefused() {
        assertThat(refusal(TASK, "")).isEqualTo("the request body is empty; send a JSON object");
        assertThat(refusal(TASK, "[1,2]")).isEqualTo("the request body must be a JSON object, got [1,2]");
        assertThat(refusal(TASK, "\"x\"")).isEqualTo("the request body must be a JSON object, got \"x\"");
        assertThat(refusal(TASK, "null")).startsWith("the request body must be a JSON object");
        assertThat(refusal(TASK, "{\"name\":")).startsWith("the request body is not valid JSON");
        assertThat(refusal(TASK, "{} {}")).startsWith("the request body is not valid JSON");
        assertThat(refusal(TASK, "{\"name\":\"a\",\"name\":\"b\"}")).startsWith("the request body is not valid JSON")
                .contains("name");
        assertThat(refusal(TASK, "{NaN}")).startsWith("the request body is not valid JSON");
    }

    @Test
    void deepNestingAndHugeNumbersAreRefusedWhileReading() {
        String deep = "{\"env\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
        assertThat(refusal(TASK, deep)).startsWith("the request body is not valid JSON").doesNotContain("Exception");
        assertThat(refusal(TASK, "{\"cpus\":" + "9".repeat(5000) + "}")).startsWith("the request body is not valid JSON");
    }

    @Test
    void nestedObjectsAreCheckedWithTheirPathInTheMessage() {
        StrictJson.Schema cql = StrictJson.object().objects("statements", StrictJson.object().text("text")
                .wholeNumber("line", 0)).object("volume", StrictJson.object().wholeNumber("sizeMb", 1));
        cql.parse("{\"statements\":[{\"text\":\"SELECT 1\",\"line\":3}],\"volume\":{\"sizeMb\":5}}");
        assertThat(refusal(cql, "{\"statements\":[{\"text\":\"a\"},{\"txt\":\"b\"}]}"))
                .isEqualTo("unknown field 'statements[1].txt' (known: text, line)");
        assertThat(refusal(cql, "{\"volume\":{\"sizeMb\":\"big\"}}"))
                .isEqualTo("'volume.sizeMb' must be a whole number greater than 0, got \"big\"");
        assertThat(refusal(cql, "{\"statements\":[1]}")).isEqualTo("'statements' must be an array of objects, got [1]");
    }

    @Test
    void controlCharactersInNamesAreShownEscaped() {
        assertThat(refusal(TASK, "{\"a\\u0000b\":1}")).startsWith("unknown field 'a\\u0000b'");
    }

    @Test
    void aSchemaGrowsByOneLineAndRefusesAFieldDeclaredTwice() {
        StrictJson.Schema s = StrictJson.object().text("name");
        s.text("group");
        s.parse("{\"group\":\"iot\"}");
        assertThatThrownBy(() -> s.text("group")).isInstanceOf(IllegalStateException.class);
    }
}
