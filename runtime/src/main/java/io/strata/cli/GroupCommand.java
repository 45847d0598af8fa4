package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.Json;
import io.strata.cli.spi.Table;
import io.strata.group.Quota;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "group",
        description = {"Groups share the cluster: each has a weight (its fair share), a guarantee it can always reach",
            "and a limit it never goes past, per resource (cpus, mem, disk). Services, Spark applications,",
            "pipelines and tasks belong to a group (--group; default 'default', or the token's group)."},
        subcommands = {GroupCommand.Create.class, GroupCommand.ListGroups.class, GroupCommand.SetQuota.class,
            GroupCommand.Delete.class},
        footer = {"", "Example:",
            "  strata group create iot --weight 2 --guarantee cpus=2,mem=4g --limit cpus=6,mem=8g",
            "  strata kafka create sensors --group iot"})
final class GroupCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a group command: create, list, set-quota or delete");
    }

    ApiClient api() {
        return strata.api();
    }

    /** The flags a group's quota is given with; text checked here so a typo fails before any request. */
    static final class QuotaOptions {
        @Option(names = "--weight", paramLabel = "W", description = "The group's weight: its share of what no guarantee holds.")
        Double weight;

        @Option(names = "--guarantee", paramLabel = "cpus=C,mem=M,disk=D",
                description = "What the group can always reach, e.g. cpus=2,mem=4g,disk=10g (mem, disk: MB, or m/g/t); "
                        + "'none' for none.")
        String guarantee;

        @Option(names = "--limit", paramLabel = "cpus=C,mem=M,disk=D",
                description = "What the group never goes past, e.g. cpus=6,mem=8g; a resource not named is not limited; "
                        + "'none' for no limit.")
        String limit;

        void into(ObjectNode body, CommandSpec spec) {
            if (weight != null) {
                if (!(weight > 0)) {
                    throw Checks.usage(spec, "--weight must be greater than 0, got " + weight);
                }
                body.put("weight", weight);
            }
            quota(body, "guarantee", "--guarantee", guarantee, spec);
            quota(body, "limit", "--limit", limit, spec);
        }

        private static void quota(ObjectNode body, String field, String flag, String text, CommandSpec spec) {
            if (text == null) {
                return;
            }
            Quota q;
            try {
                q = Quota.parse(text, flag);
            } catch (IllegalArgumentException e) {
                throw Checks.usage(spec, e.getMessage());
            }
            if (q.isNone()) {
                body.putNull(field);
            } else {
                body.set(field, Json.MAPPER.valueToTree(q));
            }
        }
    }

    @Command(name = "create", description = "Create a group (needs an admin token).")
    static final class Create implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "The group's name: lower-case letters, digits, '_', '-'.")
        String name;
        @picocli.CommandLine.Mixin
        QuotaOptions quota = new QuotaOptions();
        @Option(names = "--users", paramLabel = "USER[,USER...]", split = ",",
                description = "Unix users the group's tasks may run as besides the agents' task user.")
        List<String> users = new ArrayList<>();

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode().put("name", name);
            quota.into(body, spec);
            if (!users.isEmpty()) {
                users.forEach(body.putArray("users")::add);
            }
            JsonNode g = group.api().post("/api/v1/groups", body);
            group.strata.out.println("group " + g.path("name").asText(name) + " created: " + summary(g));
            return 0;
        }
    }

    @Command(name = "list", description = "List groups: weight, guarantee, limit and what each uses now.")
    static final class ListGroups implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;
        @Option(names = "--json", description = "Print the API's JSON array (GET /api/v1/groups) instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode groups = group.api().get("/api/v1/groups");
            group.strata.out.print(json ? Json.pretty(groups) + "\n" : render(groups));
            return 0;
        }
    }

    @Command(name = "set-quota", description = "Change a group's weight, guarantee or limit (needs an admin token); "
            + "flags not given stay as they are.")
    static final class SetQuota implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "The group.")
        String name;
        @picocli.CommandLine.Mixin
        QuotaOptions quota = new QuotaOptions();

        @Override
        public Integer call() {
            ObjectNode body = Json.MAPPER.createObjectNode();
            quota.into(body, spec);
            if (body.isEmpty()) {
                throw Checks.usage(spec, "Nothing to change: give --weight, --guarantee or --limit");
            }
            JsonNode g = group.api().put("/api/v1/groups/" + ApiClient.segment(name) + "/quota", body);
            group.strata.out.println("group " + name + ": " + summary(g));
            return 0;
        }
    }

    @Command(name = "delete", description = "Delete a group (needs an admin token); refused while work of the group runs.")
    static final class Delete implements Callable<Integer> {
        @ParentCommand
        GroupCommand group;
        @Parameters(index = "0", paramLabel = "NAME", description = "The group.")
        String name;

        @Override
        public Integer call() {
            group.api().delete("/api/v1/groups/" + ApiClient.segment(name));
            group.strata.out.println("group " + name + " deleted");
            return 0;
        }
    }

    static String summary(JsonNode g) {
        return "weight " + Table.number(g.path("weight").asDouble(1)) + ", guarantee " + quota(g.path("guarantee"))
                + ", limit " + quota(g.path("limit"));
    }

    /** "cpus=2,mem=4096MB" from the API's object; "none" when absent or empty. */
    static String quota(JsonNode q) {
        if (q == null || !q.isObject() || q.isEmpty()) {
            return "none";
        }
        List<String> parts = new ArrayList<>();
        if (q.has("cpus")) {
            parts.add("cpus=" + Table.number(q.get("cpus").asDouble()));
        }
        if (q.has("memMb")) {
            parts.add("mem=" + q.get("memMb").asLong() + "MB");
        }
        if (q.has("diskMb")) {
            parts.add("disk=" + q.get("diskMb").asLong() + "MB");
        }
        return String.join(",", parts);
    }

    /** One row per group; the CPUS, MEM and DISK columns are "used/limit" ("used/-" without a limit). */
    static String render(JsonNode groups) {
        Table t = new Table("GROUP", "WEIGHT", "CPUS", "MEM (MB)", "DISK (MB)", "GUARANTEE", "USERS");
        for (JsonNode g : groups) {
            JsonNode used = g.path("used");
            JsonNode limit = g.path("limit");
            t.row(g.path("name").asText(), Table.number(g.path("weight").asDouble()),
                    Table.number(used.path("cpus").asDouble()) + "/" + Table.cell(limit.path("cpus")),
                    used.path("memMb").asLong() + "/" + Table.cell(limit.path("memMb")),
                    used.path("diskMb").asLong() + "/" + Table.cell(limit.path("diskMb")),
                    quota(g.path("guarantee")),
                    g.path("users").isEmpty() ? Table.NONE : String.join(",", textList(g.path("users"))));
        }
        return t.render();
    }

    private static List<String> textList(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }
}
