package io.strata.pipelines.sources.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class BoundedBodyTest {

    @Test
    void aBodyUpToTheLimitIsReadWhole() throws IOException {
        for (int size : new int[] {0, 1, 999, 1000}) {
            byte[] body = new byte[size];
            Arrays.fill(body, (byte) 'x');

            BoundedBody.Body read = BoundedBody.read(new ByteArrayInputStream(body), 1000);

            assertThat(read).as("%d bytes", size).isNotNull();
            assertThat(Arrays.copyOf(read.bytes(), read.length())).isEqualTo(body);
        }
    }

    @Test
    void aBodyPastTheLimitIsRefusedAndReadToItsEndWithoutKeepingIt() throws IOException {
        ByteArrayInputStream in = new ByteArrayInputStream(new byte[300_001]);

        assertThat(BoundedBody.read(in, 300_000)).isNull();
        assertThat(in.available()).as("drained, so the client still hears the 413").isZero();
    }

    @Test
    void aLargeBodyUnderTheLimitGrowsTheBufferOnlyAsFarAsNeeded() throws IOException {
        byte[] body = new byte[200_000];
        Arrays.fill(body, (byte) 'y');

        BoundedBody.Body read = BoundedBody.read(new ByteArrayInputStream(body), 4_000_000);

        assertThat(read.length()).isEqualTo(200_000);
        assertThat(read.bytes().length).isLessThan(300_000);
    }
}
