package io.strata.agent.process;

/** Shell words for the {@code sh -c} scripts tasks run (the agent's wrapper, frameworks' launch scripts). */
public final class ShellQuoting {

    private ShellQuoting() {
    }

    /** Single-quotes a string for sh: the shell passes it on exactly, expanding nothing. */
    public static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
