package io.strata.allocator;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.Resources;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupLimitsTest {

    @Test
    void saysTheGroupIsAtItsCpuLimit() {
        assertThat(GroupLimits.reason("iot", Resources.of(6, 0), Resources.of(6, 2048), Resources.of(1, 512)))
                .contains("group iot is at its limit of 6 cpus");
        assertThat(GroupLimits.reason("iot", Resources.of(6, 0), Resources.of(4.5, 0), Resources.of(2, 512)))
                .contains("group iot is at its limit of 6 cpus");
    }

    @Test
    void namesMemoryAndDiskLimitsInMegabytes() {
        assertThat(GroupLimits.reason("iot", Resources.of(0, 8192), Resources.of(4, 8000), Resources.of(1, 512)))
                .contains("group iot is at its limit of 8192 MB memory");
        assertThat(GroupLimits.reason("iot", Resources.of(0, 0, 10240), Resources.of(0, 0, 10240),
                Resources.of(0.5, 64, 1)))
                .contains("group iot is at its limit of 10240 MB disk");
        assertThat(GroupLimits.reason("iot", Resources.of(2, 1024), Resources.of(2, 1024), Resources.of(1, 512)))
                .contains("group iot is at its limit of 2 cpus and 1024 MB memory");
    }

    @Test
    void saysWhenARequestCannotFitTheWholeLimit() {
        assertThat(GroupLimits.reason("iot", Resources.of(6, 0), Resources.EMPTY, Resources.of(8, 512)))
                .contains("group iot has a limit of 6 cpus, less than the 8 cpus this needs");
    }

    @Test
    void saysNothingWhenTheRequestFitsOrThereIsNoLimit() {
        assertThat(GroupLimits.reason("iot", Resources.of(6, 0), Resources.of(5, 99999), Resources.of(1, 512)))
                .isEmpty();
        assertThat(GroupLimits.reason("iot", null, Resources.of(50, 0), Resources.of(1, 512))).isEmpty();
        assertThat(GroupLimits.reason("iot", Resources.EMPTY, Resources.of(50, 0), Resources.of(1, 512))).isEmpty();
    }

    @Test
    void saysWhenFreeResourcesAreHeldForAnotherGroupsGuarantee() {
        List<GroupLimits.Usage> groups = List.of(
                new GroupLimits.Usage("iot", Resources.of(4, 4096), Resources.of(1, 1024)),
                new GroupLimits.Usage("science", Resources.EMPTY, Resources.of(8, 8192)));

        assertThat(GroupLimits.heldForGuarantees("science", Resources.of(2, 512), Resources.of(4, 8192), groups))
                .contains("3 of the 4 free cpus are held for the guarantee of group iot");
        assertThat(GroupLimits.heldForGuarantees("science", Resources.of(1, 512), Resources.of(4, 8192), groups))
                .isEmpty();
        // iot's own request may use what is held for it.
        assertThat(GroupLimits.heldForGuarantees("iot", Resources.of(3, 512), Resources.of(4, 8192), groups))
                .isEmpty();
        // More than is free at all is a plain shortage, not the headroom's doing.
        assertThat(GroupLimits.heldForGuarantees("science", Resources.of(5, 512), Resources.of(4, 8192), groups))
                .isEmpty();
        assertThat(GroupLimits.heldForGuarantees("science", Resources.of(0.5, 6000), Resources.of(4, 4000 + 3072),
                groups)).contains("3072 MB of the 7072 MB free memory are held for the guarantee of group iot");
    }

    @Test
    void aGuaranteeAboveItsLimitIsNamedPerResource() {
        assertThat(GroupLimits.invalidQuota(Resources.of(8, 4096), Resources.of(6, 2048)))
                .contains("guarantee of 8 cpus and 4096 MB memory is above the limit of 6 cpus and 2048 MB memory");
        assertThat(GroupLimits.invalidQuota(Resources.of(8, 4096), Resources.of(0, 8192))).isEmpty();
        assertThat(GroupLimits.invalidQuota(Resources.of(0.25, 0), Resources.of(0.5, 0))).isEmpty();
    }
}
