package io.strata.service;

import io.strata.protocol.StrataMessage;

/**
 * One pod as a service definition sees it.
 *
 * @param index      0-based instance number within its type; stable for the pod's life
 * @param volumeId   its persistent volume (mounted at $STRATA_VOLUME in the task), or null
 * @param replacing  where the pod lived before it was replaced (until it is ready again), or null
 */
public record PodView(String id, String type, int index, Placement placement, String volumeId, Placement replacing)
        implements StrataMessage {
}
