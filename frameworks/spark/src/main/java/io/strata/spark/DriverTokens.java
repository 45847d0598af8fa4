package io.strata.spark;

import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.security.Role;
import io.strata.security.TokenBook;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each driver run gets its own operator token (named {@code spark.<task id>}, scoped to its
 * submission's group) in env
 * {@code STRATA_TOKEN}, which its jar fetch and the Spark plug-in send to the API; the token is
 * revoked when the run ends. Revocation finds the token by name in the node's token book, so a
 * dispatcher that took over revokes the tokens its predecessor minted.
 */
final class DriverTokens {

    static final String ENV = "STRATA_TOKEN";
    /** The label naming the group of a driver's submission; its token is scoped to that group. */
    static final String GROUP_LABEL = "strata.group";

    private final TokenBook book;

    DriverTokens(TokenBook book) {
        this.book = book;
    }

    /** The driver tasks, each with a fresh token in its environment. */
    List<TaskSpec> withTokens(List<TaskSpec> drivers) {
        return drivers.stream().map(spec -> {
            Map<String, String> env = new LinkedHashMap<>(spec.env());
            env.put(ENV, book.mint(name(spec.taskId()), Role.OPERATOR, spec.labels().get(GROUP_LABEL), null).text());
            return spec.withEnv(env);
        }).toList();
    }

    /** A driver run ended: its token is refused from now on. */
    void ended(TaskId taskId) {
        book.revokeNamed(name(taskId));
    }

    private static String name(TaskId taskId) {
        return "spark." + taskId.value();
    }
}
