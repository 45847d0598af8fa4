package io.strata.spark.plugin;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing {@code strata://HOST:PORT[,HOST:PORT...]} into the APIs to call. */
class MasterUrlTest {

    @Test
    void oneMasterNodeIsOneApi() {
        assertThat(MasterUrl.apis("strata://10.0.0.1:8080", false)).containsExactly(URI.create("http://10.0.0.1:8080"));
    }

    @Test
    void severalMasterNodesKeepTheirOrderWithoutRepeats() {
        assertThat(MasterUrl.apis("strata://h1:8080,10.0.0.2:9090, h3:8080,h1:8080", false)).containsExactly(
                URI.create("http://h1:8080"), URI.create("http://10.0.0.2:9090"), URI.create("http://h3:8080"));
    }

    @Test
    void theClustersCaMakesEveryApiHttps() {
        assertThat(MasterUrl.apis("strata://h1:8443,h2:8443", true))
                .containsExactly(URI.create("https://h1:8443"), URI.create("https://h2:8443"));
    }

    @Test
    void anIpv6HostKeepsItsBrackets() {
        assertThat(MasterUrl.apis("strata://[::1]:8080", false)).containsExactly(URI.create("http://[::1]:8080"));
    }

    @Test
    void aMalformedEntryIsNamedWithItsPosition() {
        assertThatThrownBy(() -> MasterUrl.apis("strata://h1:8080,h2", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a Strata master URL is strata://HOST:PORT[,HOST:PORT...] (the API of each master node), "
                        + "but entry 2 of 'strata://h1:8080,h2' is 'h2', not HOST:PORT");
        assertThatThrownBy(() -> MasterUrl.apis("strata://h1:8080,", false))
                .hasMessageContaining("entry 2 of 'strata://h1:8080,' is ''");
        assertThatThrownBy(() -> MasterUrl.apis("strata://h1:8080/api", false))
                .hasMessageContaining("entry 1 of 'strata://h1:8080/api' is 'h1:8080/api'");
        assertThatThrownBy(() -> MasterUrl.apis("strata://", false)).hasMessageContaining("entry 1 of 'strata://' is ''");
        assertThatThrownBy(() -> MasterUrl.apis("strata://h1:port", false)).hasMessageContaining("is 'h1:port'");
        assertThatThrownBy(() -> MasterUrl.apis("strata://user@h1:80", false)).hasMessageContaining("is 'user@h1:80'");
        assertThatThrownBy(() -> MasterUrl.apis("spark://h1:7077", false))
                .hasMessage("a Strata master URL starts with strata://, got 'spark://h1:7077'");
    }
}
