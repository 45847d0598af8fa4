package io.strata.resources;

import java.util.Objects;

/**
 * A persistent volume: {@code sizeMb} of an agent's disk, kept for its framework across the
 * restarts of the tasks that use it, until the framework destroys it. Its disk is not part of a
 * task's resources: the master takes it from the offer of the launch that creates the volume, and
 * gives it back when the volume is destroyed; later tasks on the same agent reuse it for free.
 */
public record Volume(String id, long sizeMb) {
    public Volume {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException("volume id '" + id + "' may only hold letters, digits, '_', '.' and '-'");
        }
        if (sizeMb <= 0) {
            throw new IllegalArgumentException("volume " + id + " must have a size > 0 MB, got " + sizeMb);
        }
    }
}
