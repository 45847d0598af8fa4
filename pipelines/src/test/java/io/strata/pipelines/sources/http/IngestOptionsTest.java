package io.strata.pipelines.sources.http;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestOptionsTest {

    static IngestOptions parse(String... args) {
        return IngestOptions.parse(args, Map.of("INGEST_TOKEN", "s3cret", "EMPTY", ""));
    }

    @Test
    void theDefaultsAreWhatOptionsMdSays() {
        IngestOptions o = parse("--bootstrap", "127.0.0.1:9092", "--topic", "readings");

        assertThat(o).isEqualTo(new IngestOptions("127.0.0.1:9092", "readings", "0.0.0.0", 8080, "/events", 1_048_576,
                10_000, List.of(), null, null, null, 10_000, 16));
    }

    @Test
    void readsEveryFlag() {
        IngestOptions o = parse("--bootstrap", "b:1,c:2", "--topic", "t", "--port", "0", "--host", "127.0.0.1",
                "--path", "/v1/ingest", "--max-body-bytes", "4096", "--max-events", "50", "--required", "deviceId, ts,",
                "--key-field", "deviceId", "--token-env", "INGEST_TOKEN", "--ack-timeout-ms", "2000", "--threads", "4");

        assertThat(o).isEqualTo(new IngestOptions("b:1,c:2", "t", "127.0.0.1", 0, "/v1/ingest", 4096, 50,
                List.of("deviceId", "ts"), "deviceId", "INGEST_TOKEN", "s3cret", 2000, 4));
    }

    @Test
    void badCommandLinesGetAOneLineReasonNamingTheFlag() {
        assertThatThrownBy(() -> parse("--topic", "t")).hasMessage("missing --bootstrap");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1")).hasMessage("missing --topic");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--speed", "9"))
                .hasMessage("unknown argument '--speed'");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic")).hasMessage("--topic needs a value");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--topic", "u")).hasMessage("--topic given twice");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--port", "http"))
                .hasMessage("--port: 'http' is not an integer");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--port", "70000"))
                .hasMessage("--port: 70000 is out of range, give 0 to 65535");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--max-body-bytes", "0"))
                .hasMessage("--max-body-bytes: 0 is out of range, give 1 to 67108864");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--ack-timeout-ms", "10"))
                .hasMessage("--ack-timeout-ms: 10 is out of range, give 1000 to 300000");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--path", "events"))
                .hasMessage("--path: 'events' must start with / and not be /health");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--path", "/health"))
                .hasMessage("--path: '/health' must start with / and not be /health");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--token-env", "NOPE"))
                .hasMessage("--token-env: environment variable 'NOPE' is not set or empty");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--token-env", "EMPTY"))
                .hasMessage("--token-env: environment variable 'EMPTY' is not set or empty");
        assertThatThrownBy(() -> parse("--bootstrap", "b:1", "--topic", "t", "--key-field", " "))
                .hasMessage("--key-field: give a field name");
    }
}
