package io.strata.security;

import java.util.Locale;

/**
 * STAND-IN (GROUPS branch) for AUTH's role of a token; replaced by AUTH's version at merge.
 * JSON/CLI spelling is lower-case: viewer, operator, admin.
 */
public enum Role {
    VIEWER, OPERATOR, ADMIN;

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
}
