package io.strata.cassandra.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cassandra.CqlScript;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import io.strata.cli.spi.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cql", description = "Run a CQL statement, or every statement of a file in order (stopping at the "
        + "first that fails, naming its line).")
final class CqlCommand implements Callable<Integer> {

    private final CliContext context;

    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NAME")
    String name;
    @Parameters(index = "1", paramLabel = "STATEMENT", arity = "0..1", description = "One CQL statement.")
    String statement;
    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "A file of CQL statements separated by ';'.")
    Path file;
    @Option(names = "--consistency", paramLabel = "LEVEL", description = "ONE, QUORUM, ALL, LOCAL_ONE (default), ...")
    String consistency;
    @Option(names = "--json", description = "Print rows as a JSON array of objects keyed by column name.")
    boolean json;

    CqlCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        if ((statement == null) == (file == null)) {
            throw Checks.usage(spec, "Give either a STATEMENT or -f FILE");
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (consistency != null) {
            body.put("consistency", consistency);
        }
        if (file != null) {
            statements(body.putArray("statements"));
        } else {
            body.put("statement", statement);
        }
        JsonNode results = context.api().post(CassandraCliPlugin.CASSANDRA.path(name) + "/cql", body).path("results");
        JsonNode rows = results.isEmpty() ? Json.MAPPER.createArrayNode() : results.get(results.size() - 1).path("rows");
        if (json) {
            context.out().println(Json.pretty(rows));
        } else if (!rows.isEmpty()) {
            context.out().print(table(rows));
            context.out().println("(" + rows.size() + " rows)");
        } else {
            context.out().println(file != null ? "Ran " + results.size() + " statements." : "OK");
        }
        return 0;
    }

    /** The file's statements, each with the line it starts on, so the API can name the one that fails. */
    private void statements(ArrayNode list) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw CliFailure.failure("Cannot read " + file + " (" + e.getMessage() + ").");
        }
        for (CqlScript.Statement st : CqlScript.split(text)) {
            list.addObject().put("text", st.text()).put("line", st.line());
        }
        if (list.isEmpty()) {
            throw Checks.usage(spec, file + " holds no CQL statement");
        }
    }

    /** The last statement's rows, with the first row's columns. */
    private static String table(JsonNode rows) {
        List<String> columns = new ArrayList<>();
        rows.get(0).fieldNames().forEachRemaining(columns::add);
        Table table = new Table(columns.toArray(String[]::new));
        for (JsonNode row : rows) {
            table.row(columns.stream().map(column -> Table.cell(row.path(column))).toArray(String[]::new));
        }
        return table.render();
    }
}
