package io.strata.security;

import java.util.Locale;

/** The role of a token. JSON and CLI spell it lower-case: viewer, operator, admin. */
public enum Role {
    /** Reads everything its group lets it see. */
    VIEWER,
    /** Also creates, changes and deletes work (tasks, services, Spark applications, pipelines, artifacts). */
    OPERATOR,
    /** Also manages tokens, groups and cluster settings. */
    ADMIN;

    public boolean allows(Permission p) {
        return switch (p) {
            case READ -> true;
            case WRITE -> this != VIEWER;
            case ADMIN -> this == ADMIN;
        };
    }

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower-case spelling; the message names the valid ones. */
    public static Role parse(String text) {
        for (Role r : values()) {
            if (r.spelling().equals(text)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' is not one of viewer, operator, admin");
    }
}
