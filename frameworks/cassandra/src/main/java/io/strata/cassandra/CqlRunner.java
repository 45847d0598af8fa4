package io.strata.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.ApiResponses;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Runs CQL statements in order on one session and reports rows as objects keyed by column name;
 * it stops at the first statement that fails and says which one (and its line, when given).
 */
final class CqlRunner {

    /** A statement and the line of the file it started on (0 when it came from the command line). */
    record Statement(String text, int line) {
    }

    private CqlRunner() {
    }

    static ConsistencyLevel consistency(String name) {
        if (name == null || name.isBlank()) {
            return DefaultConsistencyLevel.LOCAL_ONE;
        }
        try {
            return DefaultConsistencyLevel.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown consistency level '" + name + "'; use one of "
                    + Arrays.toString(DefaultConsistencyLevel.values()));
        }
    }

    /** {"results":[{"statement":i,"rows":[…]}…], "failed":{"index":i,"line":n,"error":"…"}?} */
    static ObjectNode run(List<String> contactPoints, List<Statement> statements, ConsistencyLevel cl) {
        ObjectNode out = ApiResponses.MAPPER.createObjectNode();
        ArrayNode results = out.putArray("results");
        try (CqlSession session = CassandraSessions.open(contactPoints, 30)) {
            for (int i = 0; i < statements.size(); i++) {
                Statement st = statements.get(i);
                try {
                    ResultSet rs = session.execute(SimpleStatement.newInstance(st.text()).setConsistencyLevel(cl));
                    ObjectNode r = results.addObject();
                    r.put("statement", i);
                    r.set("rows", rows(rs));
                } catch (SyntaxError e) {
                    fail(out, i, st, "CQL syntax error: " + e.getMessage(), "invalid");
                    return out;
                } catch (QueryValidationException e) {
                    fail(out, i, st, e.getMessage(), "invalid");
                    return out;
                } catch (RuntimeException e) {
                    fail(out, i, st, e.getMessage(), "failed");
                    return out;
                }
            }
        }
        return out;
    }

    private static void fail(ObjectNode out, int index, Statement st, String message, String kind) {
        ObjectNode f = out.putObject("failed");
        f.put("index", index);
        f.put("line", st.line());
        f.put("kind", kind);
        f.put("statement", st.text());
        f.put("error", message);
    }

    static ArrayNode rows(ResultSet rs) {
        ArrayNode rows = ApiResponses.MAPPER.createArrayNode();
        for (Row row : rs) {
            ObjectNode o = rows.addObject();
            int i = 0;
            for (ColumnDefinition c : rs.getColumnDefinitions()) {
                o.set(c.getName().asCql(true), value(row.getObject(i++)));
            }
        }
        return rows;
    }

    private static JsonNode value(Object v) {
        var f = ApiResponses.MAPPER.getNodeFactory();
        if (v == null) {
            return f.nullNode();
        }
        if (v instanceof Long l) {
            return f.numberNode(l);
        }
        if (v instanceof Integer n) {
            return f.numberNode(n);
        }
        if (v instanceof Short n) {
            return f.numberNode(n);
        }
        if (v instanceof Byte n) {
            return f.numberNode(n);
        }
        if (v instanceof Double d) {
            return f.numberNode(d);
        }
        if (v instanceof Float d) {
            return f.numberNode(d);
        }
        if (v instanceof BigDecimal d) {
            return f.numberNode(d);
        }
        if (v instanceof BigInteger d) {
            return f.numberNode(d);
        }
        if (v instanceof Boolean b) {
            return f.booleanNode(b);
        }
        if (v instanceof ByteBuffer b) {
            return f.textNode(com.datastax.oss.protocol.internal.util.Bytes.toHexString(b));
        }
        if (v instanceof java.util.Collection<?> c) {
            ArrayNode a = f.arrayNode();
            c.forEach(e -> a.add(value(e)));
            return a;
        }
        if (v instanceof java.util.Map<?, ?> m) {
            ObjectNode o = f.objectNode();
            m.forEach((k, e) -> o.set(String.valueOf(k), value(e)));
            return o;
        }
        return f.textNode(v.toString());
    }
}
