package io.strata.pipelines.spec;

import io.strata.spec.YamlMapping;

import io.strata.pipelines.spec.PipelineSpec.CheckSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceType;
import io.strata.pipelines.spec.PipelineSpec.WrittenSpec;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** The {@code checks} and {@code written} queries of a pipeline file, run against a Cassandra service. */
final class ChecksSection {

    private static final List<String> CHECK_KEYS = List.of("name", "cassandra", "cql", "expect");
    private static final List<String> WRITTEN_KEYS = List.of("cassandra", "cql");

    private ChecksSection() {
    }

    /** The checks under {@code top.checks} that are complete, in file order. */
    static List<CheckSpec> checks(YamlMapping top, Catalog catalog) {
        List<CheckSpec> checks = new ArrayList<>();
        List<Node> items = top.list("checks", "a list of checks, e.g. [{name: all counted, cql: ..., expect: ...}]");
        if (items == null) {
            return checks;
        }
        ReferenceScope references = ReferenceScope.checks(catalog);
        for (int i = 0; i < items.size(); i++) {
            YamlMapping c = YamlMapping.of(items.get(i), "checks[" + i + "]", top.problems(),
                    "a check such as {name: every event counted once, cql: SELECT ..., expect: total == 10}");
            CheckSpec check = c == null ? null : check(c, catalog, references);
            if (check != null) {
                checks.add(check);
            }
        }
        return checks;
    }

    private static CheckSpec check(YamlMapping c, Catalog catalog, ReferenceScope references) {
        c.allowOnly(CHECK_KEYS);
        String name = c.requiredText("name", "say what the check verifies, e.g. every event counted once");
        String cassandra = catalog.service(c, "cassandra", ServiceType.CASSANDRA, "to query");
        String cql = c.requiredText("cql", "give the query whose rows are checked, e.g. SELECT count(*) AS total"
                + " FROM ks.table");
        if (cql != null) {
            references.check(c.scalar("cql"), c.child("cql"), c.problems());
        }
        String expect = c.requiredText("expect", "give a comparison of the query's columns, e.g. total =="
                + " ${events.produced}");
        if (expect != null) {
            ScalarNode node = c.scalar("expect");
            Expectation.check(expect).ifPresent(e -> c.problems().add(node, e.offset(), c.child("expect"), e.message()));
            references.check(node, c.child("expect"), c.problems());
        }
        if (name == null || cassandra == null || cql == null || expect == null) {
            return null;
        }
        return new CheckSpec(name, cassandra, cql, expect);
    }

    /** {@code top.written}, or null. */
    static WrittenSpec written(YamlMapping top, Catalog catalog) {
        YamlMapping w = top.mapping("written", "a mapping {cassandra: KEY, cql: SELECT ...}");
        if (w == null) {
            return null;
        }
        w.allowOnly(WRITTEN_KEYS);
        String cassandra = catalog.service(w, "cassandra", ServiceType.CASSANDRA, "to query");
        String cql = w.requiredText("cql", "give a query whose single number is the events written so far, e.g."
                + " SELECT count(*) FROM ks.table");
        return cassandra == null || cql == null ? null : new WrittenSpec(cassandra, cql);
    }
}
