package io.strata.spark.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.Json;
import io.strata.cli.spi.Table;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "list", description = "List Spark submissions (cluster mode) and client-mode applications.")
final class SparkListCommand implements Callable<Integer> {

    @ParentCommand
    SparkCommand spark;

    @Option(names = "--json", description = "Print {\"submissions\":[…],\"apps\":[…]} from the API instead of tables.")
    boolean json;

    @Override
    public Integer call() {
        ApiClient api = spark.context.api();
        JsonNode submissions = api.get("/api/v1/spark/submissions");
        JsonNode apps = api.get("/api/v1/spark/apps");
        if (json) {
            var root = Json.MAPPER.createObjectNode();
            root.set("submissions", submissions);
            root.set("apps", apps);
            spark.context.out().println(Json.pretty(root));
            return 0;
        }
        Table table = new Table("ID", "NAME", "STATE", "APP", "EXECUTORS", "REASON");
        for (JsonNode s : submissions) {
            JsonNode app = find(apps, s.path("appId").asText(""));
            table.row(s.path("id").asText(), s.path("name").asText(), s.path("state").asText(),
                    s.path("appId").asText(Table.NONE), app == null ? Table.NONE : SparkStatusCommand.executors(app),
                    s.path("reason").asText(""));
        }
        for (JsonNode a : apps) {
            if (a.path("submissionId").isTextual()) {
                continue;
            }
            table.row(a.path("appId").asText(), a.path("name").asText(), a.path("state").asText(), "client mode",
                    SparkStatusCommand.executors(a), a.path("reason").asText(""));
        }
        spark.context.out().print(table.isEmpty() ? "No Spark applications. Start one with 'strata spark submit'.\n"
                : table.render());
        return 0;
    }

    private static JsonNode find(JsonNode apps, String appId) {
        for (JsonNode a : apps) {
            if (a.path("appId").asText().equals(appId)) {
                return a;
            }
        }
        return null;
    }
}
