package io.strata.service;

import io.strata.protocol.StrataMessage;

/**
 * One restart of a pod as its history shows it: when (ISO-8601), why, and the task that ended
 * (null when none ran, e.g. a replace before its first launch).
 */
public record PodRestart(String at, String reason, String task) implements StrataMessage {
}
