package io.strata.protocol;

import io.strata.resources.Resources;

/**
 * STAND-IN (GROUPS branch) for ALLOC's quota of one group (an allocator role); ALLOC's version wins at merge.
 *
 * @param guarantee null = none
 * @param limit     null = none
 */
public record GroupQuota(String name, double weight, Resources guarantee, Resources limit) implements StrataMessage {
}
