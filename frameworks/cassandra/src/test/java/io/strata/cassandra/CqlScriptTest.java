package io.strata.cassandra;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideQuotesAndCommentsAndRemembersLines() {
        String script = """
                -- the schema; with a comment
                CREATE KEYSPACE k WITH replication = {'class':'SimpleStrategy','replication_factor':1};

                CREATE TABLE k.t (id int PRIMARY KEY,
                  name text); /* a ; inside a comment */
                INSERT INTO k.t (id, name) VALUES (1, 'it''s; fine');
                INSERT INTO k.t (id, name) VALUES (2, 'two')""";
        var statements = CqlScript.split(script);
        assertThat(statements).extracting(CqlScript.Statement::line).containsExactly(2, 4, 6, 7);
        assertThat(statements.get(1).text()).isEqualTo("CREATE TABLE k.t (id int PRIMARY KEY,\n  name text)");
        assertThat(statements.get(2).text()).isEqualTo("INSERT INTO k.t (id, name) VALUES (1, 'it''s; fine')");
        assertThat(statements.get(3).text()).endsWith("'two')");
    }

    @Test
    void emptyScriptsAndStraySemicolonsYieldNoStatements() {
        assertThat(CqlScript.split("  ;\n -- nothing\n;")).isEmpty();
    }
}
