package io.strata.artifacts;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicaPlanTest {

    static final String A = "http://10.0.0.1:8080";
    static final String B = "http://10.0.0.2:8080";
    static final String C = "http://10.0.0.3:8080";

    @Test
    void aMajorityIsMoreThanHalfOfTheMasterNodes() {
        int[][] table = {{1, 1}, {2, 2}, {3, 2}, {4, 3}, {5, 3}, {7, 4}};
        for (int[] row : table) {
            assertThat(ReplicaPlan.majority(row[0])).as("of %d", row[0]).isEqualTo(row[1]);
        }
        assertThatThrownBy(() -> ReplicaPlan.majority(0)).hasMessageContaining("at least one master node");
    }

    @Test
    void theReceivingNodeHoldsItAndCopiesGoToTheOthersInDirectoryOrder() {
        ReplicaPlan plan = ReplicaPlan.of(B, List.of(A, B, C), List.of());

        assertThat(plan.masters()).containsExactly(B, A, C);
        assertThat(plan.needed()).isEqualTo(2);
        assertThat(plan.holding()).containsExactly(B);
        assertThat(plan.candidates()).containsExactly(A, C);
        assertThat(plan.missing()).isEqualTo(1);
    }

    @Test
    void aNodeNotYetInTheDirectoryCountsItself() {
        ReplicaPlan plan = ReplicaPlan.of(C, List.of(A, B), List.of());

        assertThat(plan.masters()).containsExactly(C, A, B);
        assertThat(plan.needed()).isEqualTo(2);
    }

    @Test
    void aSingleMasterNodeIsItsOwnMajority() {
        ReplicaPlan plan = ReplicaPlan.of(A, List.of(A), List.of());

        assertThat(plan.needed()).isEqualTo(1);
        assertThat(plan.missing()).isZero();
        assertThat(plan.candidates()).isEmpty();
    }

    @Test
    void holdersThatAreMasterNodesCountAndOthersDoNot() {
        ReplicaPlan plan = ReplicaPlan.of(A, List.of(A, B, C), List.of(C, "http://10.0.0.9:8080"));

        assertThat(plan.holding()).containsExactly(A, C);
        assertThat(plan.candidates()).containsExactly(B);
        assertThat(plan.missing()).isZero();
    }
}
