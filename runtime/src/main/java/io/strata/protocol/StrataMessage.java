package io.strata.protocol;

/**
 * Marker for every message that may cross cluster nodes; bound to Jackson in application.conf.
 * Replies implement it too, or Pekko drops them between nodes.
 */
public interface StrataMessage {
}
