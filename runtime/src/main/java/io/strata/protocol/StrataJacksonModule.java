package io.strata.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.io.IOException;

/**
 * Teaches Jackson the core value types without putting Jackson annotations into them: resources
 * travel as {@code {"milliCpus":250,"memMb":64,"diskMb":0,"ports":"31000-31001"}}.
 */
public final class StrataJacksonModule extends SimpleModule {

    public StrataJacksonModule() {
        super("strata");
        addSerializer(PortRanges.class, new JsonSerializer<>() {
            @Override
            public void serialize(PortRanges value, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(value.toString());
            }
        });
        addDeserializer(PortRanges.class, new JsonDeserializer<>() {
            @Override
            public PortRanges deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                return PortRanges.parse(parser.getValueAsString());
            }
        });
        addSerializer(Resources.class, new JsonSerializer<>() {
            @Override
            public void serialize(Resources r, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeStartObject();
                gen.writeNumberField("milliCpus", r.milliCpus());
                gen.writeNumberField("memMb", r.memMb());
                gen.writeNumberField("diskMb", r.diskMb());
                gen.writeStringField("ports", r.ports().toString());
                gen.writeEndObject();
            }
        });
        addDeserializer(Resources.class, new JsonDeserializer<>() {
            @Override
            public Resources deserialize(JsonParser parser, DeserializationContext ctx) throws IOException {
                JsonNode n = parser.readValueAsTree();
                return new Resources(n.path("milliCpus").asLong(), n.path("memMb").asLong(),
                        n.path("diskMb").asLong(), PortRanges.parse(n.path("ports").asText("")));
            }
        });
    }
}
