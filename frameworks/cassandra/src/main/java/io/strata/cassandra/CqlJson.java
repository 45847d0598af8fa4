package io.strata.cassandra;

import com.datastax.oss.driver.api.core.CqlIdentifier;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.protocol.internal.util.Bytes;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * CQL rows as JSON: the driver's codecs decode each value to its Java object and Jackson writes
 * that. Numbers, booleans, text, uuids, lists and sets are Jackson's own, maps are objects with
 * their keys as text, a tuple is an array and a UDT an object by field name (their values by the
 * same rules). A blob is {@code 0x} and its hex; the other CQL types are the text their Java object
 * prints, as the CQL API has always answered: timestamp {@code 2024-03-01T12:00:00Z}, date
 * {@code 2024-03-01}, time {@code 12:30:15.250}, duration {@code 1h30m}, inet {@code /127.0.0.1},
 * vector {@code [1.0, 2.5]}.
 */
final class CqlJson {

    /** Decimals keep their scale: a result's {@code 1.50} must not come out as {@code 1.5}, nor 100 as {@code 1E+2}. */
    static final ObjectMapper MAPPER = JsonMapper.builder().addModule(driverTypes())
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false).build();

    private CqlJson() {
    }

    private static SimpleModule driverTypes() {
        SimpleModule m = new SimpleModule("cql-values");
        m.addSerializer(ByteBuffer.class, new HexBlob());
        m.addSerializer(TupleValue.class, new TupleAsArray());
        m.addSerializer(UdtValue.class, new UdtAsObject());
        // A map's key is text: for these, their CQL literal, e.g. 0xcafe or (1,'a').
        m.addKeySerializer(ByteBuffer.class, new KeyAs<>(Bytes::toHexString));
        m.addKeySerializer(TupleValue.class, new KeyAs<>(TupleValue::getFormattedContents));
        m.addKeySerializer(UdtValue.class, new KeyAs<>(UdtValue::getFormattedContents));
        // Their own text, as the API has always answered (jsr310's would turn a time of 12:30 into 12:30:00).
        for (Class<?> printed : List.of(Instant.class, LocalDate.class, LocalTime.class, CqlDuration.class,
                InetAddress.class, CqlVector.class)) {
            m.addSerializer(printed, ToStringSerializer.instance);
        }
        return m;
    }

    /** Every row of the result, its columns by name in the result's order. */
    static ArrayNode rows(ResultSet rs) {
        List<String> names = new ArrayList<>();
        for (ColumnDefinition c : rs.getColumnDefinitions()) {
            names.add(c.getName().asCql(true));
        }
        ArrayNode rows = MAPPER.createArrayNode();
        for (Row row : rs) {
            Map<String, Object> columns = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                columns.put(names.get(i), row.getObject(i));
            }
            rows.add(row(columns));
        }
        return rows;
    }

    /** One row from the Java objects the driver's codecs decoded. */
    static ObjectNode row(Map<String, Object> columns) {
        return MAPPER.valueToTree(columns);
    }

    /** A blob as CQL writes its literal. */
    private static final class HexBlob extends JsonSerializer<ByteBuffer> {
        @Override
        public void serialize(ByteBuffer value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(Bytes.toHexString(value));
        }
    }

    private static final class TupleAsArray extends JsonSerializer<TupleValue> {
        @Override
        public void serialize(TupleValue value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartArray();
            for (int i = 0; i < value.size(); i++) {
                serializers.defaultSerializeValue(value.getObject(i), gen);
            }
            gen.writeEndArray();
        }
    }

    private static final class UdtAsObject extends JsonSerializer<UdtValue> {
        @Override
        public void serialize(UdtValue value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            List<CqlIdentifier> fields = value.getType().getFieldNames();
            for (int i = 0; i < value.size(); i++) {
                gen.writeFieldName(fields.get(i).asCql(true));
                serializers.defaultSerializeValue(value.getObject(i), gen);
            }
            gen.writeEndObject();
        }
    }

    private static final class KeyAs<T> extends JsonSerializer<T> {
        private final Function<T, String> text;

        KeyAs(Function<T, String> text) {
            this.text = text;
        }

        @Override
        public void serialize(T value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeFieldName(text.apply(value));
        }
    }
}
