package io.strata.security;

/** STAND-IN (GROUPS branch) for AUTH's permissions; replaced by AUTH's version at merge. */
public enum Permission {
    READ, WRITE, ADMIN
}
