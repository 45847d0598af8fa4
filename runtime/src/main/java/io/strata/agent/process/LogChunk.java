package io.strata.agent.process;

/**
 * A piece of a task's stdout or stderr.
 *
 * @param data       the text read (UTF-8; never ends inside a multi-byte character)
 * @param nextOffset the byte offset to ask for next
 * @param eof        true when the log is complete: the task has ended and everything was read
 */
public record LogChunk(String data, long nextOffset, boolean eof) {
}
