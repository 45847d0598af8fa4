package io.strata.security;

import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each run of a task a framework starts for a user (a Spark driver, an app instance that fetches
 * artifacts) gets its own operator token (named {@code <prefix><task id>}, scoped to the group in
 * the task's {@value #GROUP_LABEL} label) in env {@code STRATA_TOKEN}, which its artifact fetch and
 * its own API calls send; the token is revoked when the run ends. Revocation finds the token by name
 * in the node's token book, so a framework that took over revokes the tokens its predecessor minted.
 */
public final class TaskTokens {

    public static final String ENV = "STRATA_TOKEN";
    /** The label naming the group a task runs for; its token is scoped to that group. */
    public static final String GROUP_LABEL = "strata.group";
    private static final int MAX_NAME = 63;

    private final TokenBook book;
    private final String prefix;

    /** @param prefix starts every token's name, e.g. {@code spark.} */
    public TaskTokens(TokenBook book, String prefix) {
        this.book = book;
        this.prefix = prefix;
    }

    /** The tasks, each with a fresh token in its environment. */
    public List<TaskSpec> withTokens(List<TaskSpec> tasks) {
        return tasks.stream().map(this::withToken).toList();
    }

    public TaskSpec withToken(TaskSpec spec) {
        Map<String, String> env = new LinkedHashMap<>(spec.env());
        env.put(ENV, book.mint(name(spec.taskId()), Role.OPERATOR, spec.labels().get(GROUP_LABEL), null).text());
        return spec.withEnv(env);
    }

    /** A task's run ended: its token is refused from now on. */
    public void ended(TaskId taskId) {
        book.revokeNamed(name(taskId));
    }

    /** {@code <prefix><task id>}; a name too long for a token keeps its start and gets a digest of the task id. */
    String name(TaskId taskId) {
        String name = prefix + taskId.value();
        if (name.length() <= MAX_NAME) {
            return name;
        }
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(taskId.value().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
            return name.substring(0, MAX_NAME - 17) + "-" + digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
