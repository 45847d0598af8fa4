package io.strata.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.QueryValidationException;
import com.datastax.oss.driver.api.core.servererrors.SyntaxError;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.ApiResponses;

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
                    r.set("rows", CqlJson.rows(rs));
                } catch (RuntimeException e) {
                    fail(out, i, st, e);
                    return out;
                }
            }
        }
        return out;
    }

    /**
     * Says which statement failed and why. A statement the server refused as written (syntax,
     * unknown table, bad types) is "invalid": sending it again will not help; anything else, such as
     * a timeout or too few replicas, "failed".
     */
    private static void fail(ObjectNode out, int index, Statement st, RuntimeException e) {
        ObjectNode f = out.putObject("failed");
        f.put("index", index);
        f.put("line", st.line());
        f.put("kind", e instanceof QueryValidationException ? "invalid" : "failed");
        f.put("statement", st.text());
        f.put("error", e instanceof SyntaxError ? "CQL syntax error: " + e.getMessage() : e.getMessage());
    }
}
