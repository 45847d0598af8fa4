package io.strata.samples.iot;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SinkWaitTest {

    @Test
    void aMissingKeyspaceOrTableOrANodeThatDoesNotAnswerIsWaitedOut() {
        assertThat(SinkWait.notThereYet(new InvalidQueryException(null, "Keyspace iot does not exist"))).isTrue();
        assertThat(SinkWait.notThereYet(new InvalidQueryException(null, "unconfigured table readings_by_minute")))
                .isTrue();
        assertThat(SinkWait.notThereYet(new DriverTimeoutException("Query timed out after PT10S"))).isTrue();
    }

    @Test
    void aTableThatDoesNotFitTheInsertFailsAtOnce() {
        assertThat(SinkWait.notThereYet(new InvalidQueryException(null, "Undefined column name avg"))).isFalse();
        assertThat(SinkWait.notThereYet(new IllegalStateException("anything else"))).isFalse();
    }
}
