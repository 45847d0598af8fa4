package io.strata.cassandra;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A row of each CQL type family as the CQL API answers it, from the Java objects the driver's
 * default codecs decode (no server needed).
 */
class CqlJsonTest {

    /** The row's JSON text, columns in the order given. */
    private static String row(Object... namesAndValues) throws Exception {
        Map<String, Object> columns = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            columns.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return CqlJson.MAPPER.writeValueAsString(CqlJson.row(columns));
    }

    @Test
    void integersAreJsonNumbers() throws Exception {
        assertThat(row("bigint", Long.MAX_VALUE, "int", -7, "smallint", (short) 300, "tinyint", (byte) -3,
                "varint", new BigInteger("123456789012345678901234567890")))
                .isEqualTo("{\"bigint\":9223372036854775807,\"int\":-7,\"smallint\":300,\"tinyint\":-3,"
                        + "\"varint\":123456789012345678901234567890}");
    }

    @Test
    void decimalsAndFloatsKeepTheDigitsCassandraHolds() throws Exception {
        assertThat(row("decimal", new BigDecimal("1.50"), "whole", new BigDecimal("100"), "double", 0.1, "float", 0.1f,
                "sum", 2.5e10))
                .isEqualTo("{\"decimal\":1.50,\"whole\":100,\"double\":0.1,\"float\":0.1,\"sum\":2.5E10}");
        assertThat(row("nan", Double.NaN, "inf", Float.POSITIVE_INFINITY))
                .isEqualTo("{\"nan\":\"NaN\",\"inf\":\"Infinity\"}");
    }

    @Test
    void textBooleansAndNullsAreJsonsOwn() throws Exception {
        assertThat(row("text", "item-\"7\"\n", "boolean", true, "missing", null))
                .isEqualTo("{\"text\":\"item-\\\"7\\\"\\n\",\"boolean\":true,\"missing\":null}");
    }

    @Test
    void uuidsAndAddressesAreTheirText() throws Exception {
        assertThat(row("id", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                "peer", InetAddress.getByAddress(new byte[] {127, 0, 0, 2}),
                "v6", InetAddress.getByAddress(new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1})))
                .isEqualTo("{\"id\":\"123e4567-e89b-12d3-a456-426614174000\",\"peer\":\"/127.0.0.2\","
                        + "\"v6\":\"/0:0:0:0:0:0:0:1\"}");
    }

    @Test
    void blobsAreHexLiterals() throws Exception {
        ByteBuffer blob = ByteBuffer.wrap(new byte[] {(byte) 0xca, (byte) 0xfe, 0x01});
        assertThat(row("blob", blob, "empty", ByteBuffer.allocate(0))).isEqualTo("{\"blob\":\"0xcafe01\",\"empty\":\"0x\"}");
        assertThat(blob.remaining()).as("the value is read, not consumed").isEqualTo(3);
    }

    @Test
    void timesAndDurationsAreIsoTextAndCqlDurations() throws Exception {
        assertThat(row("ts", Instant.parse("2024-03-01T12:00:00.250Z"), "minute", Instant.parse("2024-03-01T12:01:00Z"),
                "date", LocalDate.of(2024, 3, 1), "time", LocalTime.of(12, 30), "precise", LocalTime.of(12, 30, 15, 250_000_000),
                "duration", CqlDuration.from("1h30m"), "long", CqlDuration.from("P1Y2M3DT4H")))
                .isEqualTo("{\"ts\":\"2024-03-01T12:00:00.250Z\",\"minute\":\"2024-03-01T12:01:00Z\","
                        + "\"date\":\"2024-03-01\",\"time\":\"12:30\",\"precise\":\"12:30:15.250\","
                        + "\"duration\":\"1h30m\",\"long\":\"1y2mo3d4h\"}");
    }

    @Test
    void collectionsAreArraysAndMapsAreObjectsWithTextKeys() throws Exception {
        Map<Integer, String> byNumber = new LinkedHashMap<>();
        byNumber.put(2, "two");
        byNumber.put(10, "ten");
        Map<UUID, List<Instant>> byId = Map.of(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
                List.of(Instant.parse("2024-03-01T12:00:00Z")));
        assertThat(row("list", List.of(1, 2), "set", new LinkedHashSet<>(List.of("a", "b")), "map", byNumber,
                "nested", byId, "blobs", Map.of(ByteBuffer.wrap(new byte[] {1}), 1.5)))
                .isEqualTo("{\"list\":[1,2],\"set\":[\"a\",\"b\"],\"map\":{\"2\":\"two\",\"10\":\"ten\"},"
                        + "\"nested\":{\"123e4567-e89b-12d3-a456-426614174000\":[\"2024-03-01T12:00:00Z\"]},"
                        + "\"blobs\":{\"0x01\":1.5}}");
    }

    @Test
    void tuplesAreArraysAndUdtsObjectsByFieldWhoseValuesFollowTheSameRules() throws Exception {
        UserDefinedType address = new UserDefinedTypeBuilder("shop", "address").withField("street", DataTypes.TEXT)
                .withField("number", DataTypes.INT).withField("since", DataTypes.TIMESTAMP).build();
        TupleType pair = DataTypes.tupleOf(DataTypes.INT, DataTypes.listOf(DataTypes.BLOB), address);
        assertThat(row("tuple", pair.newValue(1, List.of(ByteBuffer.wrap(new byte[] {2})),
                        address.newValue("Main St", null, Instant.parse("2024-03-01T12:00:00Z"))),
                "udt", address.newValue("Main St", 5, null)))
                .isEqualTo("{\"tuple\":[1,[\"0x02\"],{\"street\":\"Main St\",\"number\":null,"
                        + "\"since\":\"2024-03-01T12:00:00Z\"}],"
                        + "\"udt\":{\"street\":\"Main St\",\"number\":5,\"since\":null}}");
    }

    @Test
    void frozenTuplesAndUdtsAsMapKeysAreTheirCqlLiterals() throws Exception {
        UserDefinedType point = new UserDefinedTypeBuilder("shop", "point").withField("x", DataTypes.INT).build();
        assertThat(row("byTuple", Map.of(DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT).newValue(7, "a"), "x"),
                "byUdt", Map.of(point.newValue(3), "y")))
                .isEqualTo("{\"byTuple\":{\"(7,'a')\":\"x\"},\"byUdt\":{\"{x:3}\":\"y\"}}");
    }

    @Test
    void vectorsAreTheirText() throws Exception {
        assertThat(row("embedding", CqlVector.newInstance(1.0f, 2.5f))).isEqualTo("{\"embedding\":\"[1.0, 2.5]\"}");
    }
}
