package io.strata.pipelines.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExpectationTest {

    @ParameterizedTest
    @ValueSource(strings = {"total == ${events.produced}", "min <= avg <= max", "n != -1.5e3", "${a}<${b}",
            "  count > 0  ", "a_1 >= 0.5 > b"})
    void comparisonChainsAreAccepted(String text) {
        assertThat(Expectation.check(text)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "total = 5      | 6",
            "total          | 0",
            "a <=           | 2",
            "a == == b      | 5",
            "a b            | 2",
            "a == 'x'       | 5",
            "a == +1        | 5",
            "== a           | 0"})
    void malformedChainsAreRefusedAtTheBadToken(String text, int offset) {
        assertThat(Expectation.check(text)).hasValueSatisfying(e -> assertThat(e.offset()).isEqualTo(offset));
    }
}
