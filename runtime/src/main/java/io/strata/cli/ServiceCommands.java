package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.PrintStream;
import java.time.Duration;

/** What the commands of every service type (kafka, cassandra) do the same way: calls plus progress. */
final class ServiceCommands {

    static final Duration LONG = Duration.ofMinutes(10);

    private final ApiClient api;
    private final PrintStream out;
    private final String type;
    private final String podsField;
    private final String podWord;

    /**
     * @param podsField the status field that lists pods ("brokers", "nodes")
     * @param podWord   what a user calls one pod ("broker", "node")
     */
    ServiceCommands(ApiClient api, PrintStream out, String type, String podsField, String podWord) {
        this.api = api;
        this.out = out;
        this.type = type;
        this.podsField = podsField;
        this.podWord = podWord;
    }

    String path(String name) {
        return "/api/v1/" + type + "/" + ApiClient.segment(name);
    }

    static boolean running(JsonNode s) {
        return "RUNNING".equals(s.path("state").asText()) && s.path("operation").asText().isEmpty();
    }

    /** Creates the service; with {@code await}, follows it until every pod is ready. */
    JsonNode create(String name, ObjectNode body, boolean await) {
        api.post("/api/v1/" + type, body.put("name", name));
        if (!await) {
            out.println("Creating " + type + " " + name + "; follow it with 'strata " + type + " status " + name + "'.");
            return null;
        }
        out.println("Creating " + type + " " + name + "...");
        return follow(name, ServiceCommands::running);
    }

    void restart(String name) {
        api.post(path(name) + "/restart", Json.MAPPER.createObjectNode());
        out.println("Restarting " + type + " " + name + " one " + podWord + " at a time...");
        follow(name, ServiceCommands::running);
        out.println(type + " " + name + " restarted.");
    }

    void scale(String name, String field, int count) {
        api.post(path(name) + "/scale", Json.MAPPER.createObjectNode().put(field, count));
        out.println("Scaling " + type + " " + name + " to " + count + " " + podWord + "s...");
        follow(name, ServiceCommands::running);
        out.println(type + " " + name + " has " + count + " " + podWord + "s.");
    }

    void replace(String name, String podId) {
        api.post(path(name) + "/replace/" + ApiClient.segment(podId), Json.MAPPER.createObjectNode());
        out.println("Replacing " + podWord + " " + podId + " of " + type + " " + name + "...");
        follow(name, ServiceCommands::running);
        out.println(podWord + " " + podId + " replaced.");
    }

    void delete(String name) {
        api.delete(path(name));
        out.println("Deleting " + type + " " + name + "...");
        ServiceProgress.follow(api, out, path(name), podsField, LONG, s -> false, true);
        out.println(type + " " + name + " deleted.");
    }

    JsonNode status(String name) {
        return api.get(path(name));
    }

    JsonNode list() {
        return api.get("/api/v1/" + type);
    }

    private JsonNode follow(String name, java.util.function.Predicate<JsonNode> done) {
        return ServiceProgress.follow(api, out, path(name), podsField, LONG, done, false);
    }
}
