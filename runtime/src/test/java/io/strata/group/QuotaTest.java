package io.strata.group;

import io.strata.resources.Resources;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuotaTest {

    @Test
    void parsesCpusMemoryAndDiskWithUnits() {
        assertThat(Quota.parse("cpus=2,mem=4g,disk=10g", "--guarantee")).isEqualTo(new Quota(2.0, 4096L, 10240L));
        assertThat(Quota.parse(" cpus=0.5 , mem=512 ", "--limit")).isEqualTo(new Quota(0.5, 512L, null));
        assertThat(Quota.parse("mem=1t", "--limit")).isEqualTo(new Quota(null, 1024L * 1024, null));
        assertThat(Quota.parse("none", "--limit").isNone()).isTrue();
    }

    @Test
    void badTextNamesTheFlagAndWhatIsValid() {
        assertThatThrownBy(() -> Quota.parse("cpu=2", "--limit"))
                .hasMessage("--limit names unknown resource 'cpu'; valid: cpus, mem, disk");
        assertThatThrownBy(() -> Quota.parse("cpus=lots", "--limit"))
                .hasMessageContaining("--limit cpus must be a number").hasMessageContaining("'lots'");
        assertThatThrownBy(() -> Quota.parse("mem=4x", "--guarantee"))
                .hasMessageContaining("--guarantee mem must be a size such as 512m, 4g or 1t");
        assertThatThrownBy(() -> Quota.parse("cpus", "--limit"))
                .hasMessageContaining("must look like cpus=2,mem=4g,disk=10g");
    }

    @Test
    void aLimitLeavesResourcesItDoesNotNameUnboundedAndAGuaranteeLeavesThemAtZero() {
        Quota q = new Quota(6.0, null, null);
        assertThat(q.asLimit().milliCpus()).isEqualTo(6000);
        assertThat(q.asLimit().memMb()).isZero(); // 0 = no limit on memory, as the allocator reads it
        assertThat(q.asGuarantee()).isEqualTo(Resources.of(6, 0, 0));
        assertThat(Quota.NONE.asLimit()).isNull();
        assertThat(Quota.NONE.asGuarantee()).isNull();
    }
}
