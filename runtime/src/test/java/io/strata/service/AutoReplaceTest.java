package io.strata.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoReplaceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void durationsAsPeopleWriteThem() {
        assertThat(AutoReplace.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(AutoReplace.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(AutoReplace.parse("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(AutoReplace.parse(" 1h30m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(AutoReplace.describe(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(AutoReplace.describe(Duration.ofSeconds(90))).isEqualTo("1m30s");
        assertThat(AutoReplace.describe(Duration.ofSeconds(45))).isEqualTo("45s");
    }

    @Test
    void badDurationsAreRefusedNamingTheSettingAndWhatIsValid() {
        for (String bad : new String[]{"0", "0s", "ten minutes", "5x", "-5", "m10", "", "10m5"}) {
            assertThatThrownBy(() -> AutoReplace.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("autoReplaceAfter must be a duration of at least 1 second such as 90s, 10m, 1h or "
                            + "1h30m (or a number of seconds), got '" + bad + "'");
        }
    }

    @Test
    void theCreateRequestsFieldGoesIntoTheConfigAsSeconds() throws Exception {
        Map<String, String> config = Map.of("nodes", "3");
        assertThat(AutoReplace.withSetting(config, JSON.readTree("{\"autoReplaceAfter\": \"10m\"}")))
                .containsEntry("autoReplaceAfter", "600").containsEntry("nodes", "3");
        assertThat(AutoReplace.withSetting(config, JSON.readTree("{\"autoReplaceAfter\": 90}")))
                .containsEntry("autoReplaceAfter", "90");
        assertThat(AutoReplace.withSetting(config, JSON.readTree("{}"))).isEqualTo(config);
        assertThat(AutoReplace.withSetting(config, JSON.readTree("{\"autoReplaceAfter\": null}"))).isEqualTo(config);
        assertThatThrownBy(() -> AutoReplace.withSetting(config, JSON.readTree("{\"autoReplaceAfter\": true}")))
                .hasMessage("autoReplaceAfter must be a duration such as \"10m\" or a number of seconds, got true");
        assertThat(AutoReplace.of(Map.of("autoReplaceAfter", "600"))).contains(Duration.ofMinutes(10));
        assertThat(AutoReplace.of(Map.of())).isEmpty();
    }
}
