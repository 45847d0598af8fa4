package io.strata.pipelines.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.testing.StrataApi;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** samples/iot-mqtt as its tests see it: where it is, what its devices send, its Cassandra's rows. */
final class IotMqttSample {

    static final Path DIR = Path.of("..", "samples", "iot-mqtt").toAbsolutePath().normalize();
    static final int DEVICES = 20;
    static final int MESSAGES = 250;

    private IotMqttSample() {
    }

    /** The rows of {@code cql} on the pipeline's Cassandra, read at consistency ALL. */
    static JsonNode rows(StrataApi api, String cql) {
        var r = api.post("/api/v1/cassandra/iot-mqtt-cassandra/cql",
                StrataApi.JSON.createObjectNode().put("statement", cql).put("consistency", "ALL").toString());
        assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
        return r.body().path("results").path(0).path("rows");
    }
}
