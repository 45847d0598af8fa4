package io.strata.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Json;
import io.strata.cli.spi.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", description = "Show a Spark submission: its driver, its application and every executor.")
final class SparkStatusCommand implements Callable<Integer> {

    @ParentCommand
    SparkCommand spark;

    @Parameters(paramLabel = "ID", description = "The submission's id, as printed by 'strata spark submit'.")
    String id;

    @Option(names = "--json", description = "Print the API's JSON (GET /api/v1/spark/submissions/ID).")
    boolean json;

    @Override
    public Integer call() {
        JsonNode s = SparkCommand.submission(spark.context.api(), id);
        if (json) {
            spark.context.out().println(Json.pretty(s));
            return 0;
        }
        StringBuilder text = new StringBuilder();
        text.append("Submission: ").append(s.path("id").asText()).append(" (").append(s.path("name").asText())
                .append(", ").append(s.path("mainClass").asText()).append(")\n");
        text.append("Driver:     ").append(s.path("state").asText()).append(" on ")
                .append(s.path("agentId").asText(Table.NONE)).append(" — ").append(s.path("reason").asText()).append('\n');
        JsonNode app = s.path("app");
        if (app.isObject()) {
            text.append("App:        ").append(app.path("appId").asText()).append(' ').append(app.path("state").asText())
                    .append(", executors ").append(executors(app)).append(app.path("reason").asText("").isEmpty()
                            ? "" : " — " + app.path("reason").asText()).append('\n');
            Table table = new Table("EXECUTOR", "TASK", "STATE", "AGENT", "REASON");
            for (JsonNode e : app.path("executors")) {
                table.row(e.path("id").asText(), e.path("taskId").asText(), e.path("state").asText(),
                        e.path("agentId").asText(Table.NONE), e.path("reason").asText(""));
            }
            if (!table.isEmpty()) {
                text.append(table.render());
            }
        }
        spark.context.out().print(text);
        return 0;
    }

    /** "2 running / 3 wanted". */
    static String executors(JsonNode app) {
        long running = 0;
        for (JsonNode e : app.path("executors")) {
            running += e.path("state").asText().equals("RUNNING") ? 1 : 0;
        }
        return running + " running / " + app.path("target").asInt() + " wanted";
    }
}
