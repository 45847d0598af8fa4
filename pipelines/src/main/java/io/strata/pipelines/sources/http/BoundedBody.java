package io.strata.pipelines.sources.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads a request body of at most {@code limit} bytes, never holding more than that: a longer
 * body is read on to its end (up to {@link #DRAIN_CAP}) and thrown away, so that the client is
 * still listening when it gets its 413.
 */
final class BoundedBody {

    /** Past this many bytes an oversized body is not read on; the connection is closed instead. */
    static final long DRAIN_CAP = 64L << 20;

    /** The body's bytes: {@code bytes[0..length)}. */
    record Body(byte[] bytes, int length) {
    }

    private BoundedBody() {
    }

    /** @return the body, or null when it is longer than {@code limit} */
    static Body read(InputStream in, int limit) throws IOException {
        byte[] buf = new byte[Math.min(limit, 64 * 1024) + 1];
        int length = 0;
        while (true) {
            if (length == buf.length) {
                if (length > limit) {
                    drain(in);
                    return null;
                }
                buf = Arrays.copyOf(buf, (int) Math.min((long) limit + 1, buf.length * 2L));
            }
            int n = in.read(buf, length, buf.length - length);
            if (n < 0) {
                return new Body(buf, length);
            }
            length += n;
        }
    }

    /** Reads and forgets what is left of {@code in}, up to {@link #DRAIN_CAP} bytes. */
    static void drain(InputStream in) throws IOException {
        byte[] scrap = new byte[16 * 1024];
        long read = 0;
        for (int n = in.read(scrap); n >= 0 && read < DRAIN_CAP; n = in.read(scrap)) {
            read += n;
        }
    }
}
