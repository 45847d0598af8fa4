package io.strata.scheduler;

import io.strata.resources.FrameworkId;

import java.util.UUID;

/** How a framework introduces itself. Reuse the id to take over a framework after a restart. */
public record FrameworkInfo(FrameworkId id, String name, String role) {

    public static FrameworkInfo of(String name, String role) {
        return new FrameworkInfo(FrameworkId.of(name + "-" + UUID.randomUUID().toString().substring(0, 8)), name, role);
    }

    public static FrameworkInfo of(String name) {
        return of(name, "*");
    }
}
