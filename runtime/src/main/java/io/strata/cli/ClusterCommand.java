package io.strata.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cli.spi.ApiTarget;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.Json;
import io.strata.cli.spi.Table;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "cluster",
        description = {"Name the clusters this CLI talks to, by the API URLs of their masters, and pick the current one.",
            "They are kept in <home>/clusters.json. 'local' names the cluster 'strata up' runs on this machine."},
        subcommands = {ClusterCommand.Add.class, ClusterCommand.Use.class, ClusterCommand.ListClusters.class,
            ClusterCommand.Remove.class},
        footer = {"", "Example, a cluster whose masters run on hosts m1, m2 and m3:",
            "  strata cluster add prod https://m1:8080,https://m2:8080,https://m3:8080 \\",
            "      --token stk_... --ca ca.crt",
            "Then every command talks to prod, and to m2 when m1 does not answer;",
            "'strata --cluster local status' or STRATA_API=URL override it for one command."})
final class ClusterCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing a cluster command: add, use, list or remove");
    }

    private static String urls(List<URI> urls) {
        return urls.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    @Command(name = "add", description = {"Add a cluster by the API URLs of its masters (every master serves the API; "
            + "strata tries them in order). The first cluster added becomes the current one."})
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "A name for the cluster: " + KnownClusters.NAME_RULE + ".")
        String name;
        @Parameters(index = "1..*", arity = "1..*", paramLabel = "URL[,URL...]",
                description = "API URLs of its masters: " + KnownClusters.URLS_RULE + ".")
        List<String> urlLists = new ArrayList<>();
        @Option(names = "--token", paramLabel = "TOKEN", description = "The API token to send to this cluster "
                + "(stk_...; an admin creates one with 'strata token create'). Kept in clusters.json, readable by you only.")
        String token;
        @Option(names = "--ca", paramLabel = "FILE", description = "The cluster's CA certificate (PEM; a master's "
                + "<home>/tls/ca.crt) to trust for its https URLs; copied into the home.")
        Path ca;

        @Override
        public Integer call() {
            List<URI> urls;
            try {
                KnownClusters.checkName(name);
                urls = KnownClusters.parseUrls(String.join(",", urlLists));
            } catch (IllegalArgumentException e) {
                throw Checks.usage(spec, e.getMessage());
            }
            Path home = cluster.strata.home();
            KnownClusters known = KnownClusters.read(home);
            Optional<List<URI>> existing = known.urls(name);
            if (existing.isPresent()) {
                throw Checks.usage(spec, "A cluster named '" + name + "' is already added (" + urls(existing.get())
                        + "); remove it first with 'strata cluster remove " + name + "'");
            }
            if (token != null && !token.strip().startsWith("stk_")) {
                throw Checks.usage(spec, "--token must be a Strata token (stk_...), got '" + token + "'");
            }
            Path storedCa = null;
            if (ca != null) {
                try {
                    io.strata.security.PemTrust.context(ca);
                    storedCa = home.resolve("ca-" + name + ".crt").toAbsolutePath();
                    AtomicFile.write(storedCa, java.nio.file.Files.readString(ca));
                } catch (java.io.IOException e) {
                    throw Checks.usage(spec, "--ca " + ca + " cannot be used: " + e.getMessage());
                }
            }
            boolean current = known.add(name, urls, token == null ? null : token.strip(), storedCa);
            known.write(home);
            cluster.strata.out.println("Added cluster '" + name + "' with " + urls.size()
                    + (urls.size() == 1 ? " API URL" : " API URLs")
                    + (current ? "; it is the current cluster now." : "; use it with 'strata cluster use " + name
                            + "' or --cluster " + name + "."));
            return 0;
        }
    }

    @Command(name = "use", description = "Make a cluster the current one: commands talk to it unless --cluster or "
            + "STRATA_API say otherwise. 'local' goes back to the cluster 'strata up' runs.")
    static final class Use implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "An added cluster, or 'local'.")
        String name;

        @Override
        public Integer call() {
            Path home = cluster.strata.home();
            KnownClusters known = KnownClusters.read(home);
            if (!KnownClusters.LOCAL.equals(name) && known.urls(name).isEmpty()) {
                throw Checks.usage(spec, "Unknown cluster '" + name + "'. " + known.knownNames());
            }
            known.use(name);
            known.write(home);
            cluster.strata.out.println(KnownClusters.LOCAL.equals(name)
                    ? "Commands talk to the local cluster of " + home + " ('strata up') now."
                    : "Commands talk to cluster '" + name + "' (" + urls(known.urls(name).orElseThrow()) + ") now.");
            return 0;
        }
    }

    @Command(name = "list", description = {"List the clusters with their API URLs; * marks the current one.",
        "'local' is the cluster 'strata up' runs for the home (its URL shows while it runs)."})
    static final class ListClusters implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;
        @Option(names = "--json", description = "Print {\"current\": NAME, \"clusters\": [{\"name\", \"urls\", "
                + "\"current\"}]} instead of a table.")
        boolean json;

        @Override
        public Integer call() {
            StrataCommand strata = cluster.strata;
            Path home = strata.home();
            KnownClusters known = KnownClusters.read(home);
            String current = known.current().orElse(KnownClusters.LOCAL);
            Map<String, List<URI>> all = new TreeMap<>(known.all());
            all.put(KnownClusters.LOCAL, ClusterFile.read(home).filter(f -> f.process().isPresent())
                    .map(f -> List.of(f.api())).orElse(List.of()));
            if (json) {
                ObjectNode out = Json.MAPPER.createObjectNode();
                out.put("current", current);
                ArrayNode clusters = out.putArray("clusters");
                all.forEach((name, urls) -> {
                    ObjectNode one = clusters.addObject().put("name", name);
                    ArrayNode urlArray = one.putArray("urls");
                    urls.forEach(url -> urlArray.add(url.toString()));
                    one.put("current", name.equals(current));
                });
                strata.out.println(Json.pretty(out));
            } else {
                Table table = new Table("CURRENT", "NAME", "URLS");
                all.forEach((name, urls) -> table.row(name.equals(current) ? "*" : "", name,
                        urls.isEmpty() ? "(not running)" : urls(urls)));
                strata.out.print(table.render());
            }
            overridden(strata, current);
            return 0;
        }

        /** Says on stderr when --cluster or STRATA_API make commands talk to another cluster than the current. */
        private static void overridden(StrataCommand strata, String current) {
            if (strata.clusterOption != null && !strata.clusterOption.equals(current)) {
                strata.err.println("--cluster " + strata.clusterOption + " overrides the current cluster for this command.");
            } else if (strata.clusterOption == null && strata.env.getOrDefault("STRATA_API", "").strip().length() > 0) {
                Optional<ApiTarget.Remote> remote = strata.remote();
                remote.ifPresent(r -> strata.err.println("STRATA_API is set: commands talk to " + urls(r.urls())
                        + ", not to the current cluster."));
            }
        }
    }

    @Command(name = "remove", description = "Forget a cluster (the cluster itself keeps running). If it was the current "
            + "one, commands talk to the local cluster again.")
    static final class Remove implements Callable<Integer> {
        @ParentCommand
        ClusterCommand cluster;
        @Spec
        CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "An added cluster.")
        String name;

        @Override
        public Integer call() {
            Path home = cluster.strata.home();
            KnownClusters known = KnownClusters.read(home);
            if (KnownClusters.LOCAL.equals(name)) {
                throw Checks.usage(spec, "'local' is the cluster 'strata up' runs on this machine and cannot be removed; "
                        + "stop it with 'strata down'");
            }
            if (known.urls(name).isEmpty()) {
                throw Checks.usage(spec, "Unknown cluster '" + name + "'. " + known.knownNames());
            }
            boolean wasCurrent = known.remove(name);
            known.write(home);
            cluster.strata.out.println("Removed cluster '" + name + "'."
                    + (wasCurrent ? " Commands talk to the local cluster of " + home + " ('strata up') now." : ""));
            return 0;
        }
    }
}
