package io.strata.service;

/** Short unique suffixes for volume ids (a replaced pod's new volume must not reuse the old id). */
@FunctionalInterface
interface IdSource {
    String next();
}
