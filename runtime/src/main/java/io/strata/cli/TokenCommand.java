package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.ApiError;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import io.strata.cli.spi.Table;
import io.strata.security.Role;
import io.strata.security.TokenBook;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "token",
        description = {"Create, list and revoke the tokens operators and programs send to the API (admin only).",
            "Roles: viewer (read), operator (also create, change and delete work), admin (also tokens, groups, "
                    + "cluster settings). A token with a group sees and acts on that group's work only."},
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class},
        footer = {"", "Example: strata token create --name ci-bot --role operator --group iot --ttl 30d",
            "Give the printed token to its user: --token, STRATA_TOKEN or 'strata cluster add NAME URL --token T'."})
final class TokenCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a token command: create, list or revoke");
    }

    @Command(name = "create", description = {"Create a token and print it (the only time it is shown).",
        "With --join, create a join token instead: hosts use it once to join the cluster "
                + "('strata agent --join HOST:PORT --token T')."})
    static final class Create implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;
        @Spec
        CommandSpec spec;
        @Option(names = "--name", paramLabel = "NAME", description = "Who or what uses it, e.g. ci-bot: "
                + TokenBook.NAME_RULE + ".")
        String name;
        @Option(names = "--role", paramLabel = "ROLE", description = "viewer, operator or admin (not with --join).")
        String role;
        @Option(names = "--group", paramLabel = "GROUP", description = "Scope the token to this group's work "
                + "(default: unscoped, every group).")
        String group;
        @Option(names = "--ttl", paramLabel = "DURATION", description = "How long it is valid, e.g. 30d, 12h, 45m "
                + "(default: until revoked).")
        String ttl;
        @Option(names = "--join", description = "Create a join token for hosts (POST /api/v1/join-tokens).")
        boolean join;

        @Override
        public Integer call() {
            try {
                if (ttl != null) {
                    TokenBook.parseTtl(ttl);
                }
                if (name != null || !join) {
                    TokenBook.checkName(name);
                }
                if (join && (role != null || name != null || group != null)) {
                    throw new IllegalArgumentException("--role, --name and --group are for operators' tokens; a join "
                            + "token only lets a host join, so give --join with --ttl at most");
                }
                if (!join) {
                    if (role == null) {
                        throw new IllegalArgumentException("--role is required: viewer, operator or admin");
                    }
                    Role.parse(role);
                }
                if (group != null) {
                    TokenBook.checkGroup(group);
                }
            } catch (IllegalArgumentException e) {
                throw Checks.usage(spec, e.getMessage());
            }
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (name != null) {
                body.put("name", name);
            }
            if (!join) {
                body.put("role", role);
            }
            if (group != null) {
                body.put("group", group);
            }
            if (ttl != null) {
                body.put("ttl", ttl);
            }
            StrataCommand strata = token.strata;
            JsonNode created = strata.api().post(join ? "/api/v1/join-tokens" : "/api/v1/tokens", body);
            if (!created.path("token").isTextual()) {
                throw CliFailure.failure("The Strata API created no token (its answer has no 'token' field).");
            }
            strata.out.println(created.get("token").asText());
            strata.err.println((join ? "Join token" : "Token '" + name + "' (role " + role
                    + (group == null ? "" : ", group " + group) + ")")
                    + " created" + (created.path("id").isTextual() ? " with id " + created.get("id").asText() : "")
                    + (created.path("expiresAt").isTextual() ? ", valid until " + created.get("expiresAt").asText() : "")
                    + ". It is shown only this once.");
            return 0;
        }
    }

    @Command(name = "list", description = "List the cluster's tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;
        @Option(names = "--json", description = "Print the API's JSON: [{\"id\", \"name\", \"role\", \"group\", "
                + "\"createdAt\", \"expiresAt\", \"revoked\"}].")
        boolean json;

        @Override
        public Integer call() {
            StrataCommand strata = token.strata;
            JsonNode all = strata.api().get("/api/v1/tokens");
            if (json) {
                strata.out.println(Json.pretty(all));
                return 0;
            }
            Table table = new Table("ID", "NAME", "ROLE", "GROUP", "CREATED", "EXPIRES", "REVOKED");
            for (JsonNode t : all) {
                table.row(t.path("id").asText(), t.path("name").asText(), t.path("role").asText(),
                        t.path("group").isTextual() ? t.get("group").asText() : Table.NONE,
                        t.path("createdAt").asText(),
                        t.path("expiresAt").isTextual() ? t.get("expiresAt").asText() : "never",
                        t.path("revoked").asBoolean() ? t.path("revokedAt").asText("yes") : "no");
            }
            strata.out.print(table.render());
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token: the cluster refuses it from now on.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand token;
        @Parameters(paramLabel = "ID", description = "The token's id, as 'strata token list' shows it.")
        String id;

        @Override
        public Integer call() {
            StrataCommand strata = token.strata;
            JsonNode revoked;
            try {
                revoked = strata.api().delete("/api/v1/tokens/" + ApiClient.segment(id));
            } catch (ApiError e) {
                if (e.status() == 404) {
                    throw CliFailure.failure("No token with id '" + id + "'; see 'strata token list'.");
                }
                throw e;
            }
            strata.out.println("Revoked token " + id + " ('" + revoked.path("name").asText() + "').");
            return 0;
        }
    }
}
