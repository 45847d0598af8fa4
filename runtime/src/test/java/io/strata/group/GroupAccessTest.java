package io.strata.group;

import io.strata.security.Principal;
import io.strata.security.Role;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupAccessTest {

    private static final List<String> GROUPS = List.of("default", "iot", "science");
    private static final Principal IOT_OPERATOR = new Principal("t1", "iot-ci", Role.OPERATOR, "iot");
    private static final Principal ADMIN = new Principal("t2", "ops", Role.ADMIN, null);

    @Test
    void newWorkGoesToTheRequestedGroupElseTheTokensElseDefault() {
        assertThat(GroupAccess.groupFor(ADMIN, "science", GROUPS)).isEqualTo("science");
        assertThat(GroupAccess.groupFor(ADMIN, null, GROUPS)).isEqualTo("default");
        assertThat(GroupAccess.groupFor(IOT_OPERATOR, null, GROUPS)).isEqualTo("iot");
        assertThat(GroupAccess.groupFor(IOT_OPERATOR, "iot", GROUPS)).isEqualTo("iot");
        assertThat(GroupAccess.groupFor(Principal.SYSTEM, " ", GROUPS)).isEqualTo("default");
    }

    @Test
    void aScopedTokenCannotCreateInAnotherGroup() {
        assertThatThrownBy(() -> GroupAccess.groupFor(IOT_OPERATOR, "science", GROUPS))
                .isInstanceOfSatisfying(GroupAccess.Refused.class, r -> assertThat(r.status()).isEqualTo(403))
                .hasMessage("token 'iot-ci' is scoped to group iot and cannot create work in group science");
    }

    @Test
    void anUnknownGroupIsABadRequestNamingIt() {
        assertThatThrownBy(() -> GroupAccess.groupFor(ADMIN, "physics", GROUPS))
                .isInstanceOfSatisfying(GroupAccess.Refused.class, r -> assertThat(r.status()).isEqualTo(400))
                .hasMessageStartingWith("group 'physics' does not exist; groups: default, iot, science");
    }

    @Test
    void scopedTokensSeeOnlyTheirGroupUnscopedSeeAll() {
        assertThat(GroupAccess.sees(IOT_OPERATOR, "iot")).isTrue();
        assertThat(GroupAccess.sees(IOT_OPERATOR, "science")).isFalse();
        assertThat(GroupAccess.sees(IOT_OPERATOR, null)).isFalse();
        assertThat(GroupAccess.sees(new Principal("t3", "d", Role.VIEWER, "default"), null)).isTrue();
        assertThat(GroupAccess.sees(ADMIN, "science")).isTrue();
        assertThat(GroupAccess.sees(Principal.SYSTEM, "iot")).isTrue();
    }

    @Test
    void aRequestedUnixUserMustBeOneTheGroupAllows() {
        Group iot = new Group("iot", 1, Quota.NONE, Quota.NONE, List.of("kafka"));
        GroupAccess.checkUser(iot, "kafka");
        GroupAccess.checkUser(iot, null);
        assertThatThrownBy(() -> GroupAccess.checkUser(iot, "root"))
                .hasMessage("user 'root' is not allowed in group iot; allowed: kafka");
    }

    @Test
    void groupRecordsRefuseBadNamesWeightsAndAGuaranteeAboveTheLimit() {
        assertThatThrownBy(() -> new Group("IoT", 1, null, null, null)).hasMessageContaining("group name 'IoT'");
        assertThatThrownBy(() -> new Group("iot", 0, null, null, null)).hasMessageContaining("weight must be");
        assertThatThrownBy(() -> new Group("iot", 1, new Quota(8.0, null, null), new Quota(6.0, null, null), null))
                .hasMessage("the guarantee of 8.0 cpus is above the limit of 6.0");
        assertThatThrownBy(() -> new Group("iot", 1, null, null, List.of("Bad User")))
                .hasMessageContaining("user 'Bad User' is not a Unix user name");
    }

    @Test
    void frameworksOfNoRoleBelongToTheDefaultGroup() {
        assertThat(Group.ofRole("*")).isEqualTo("default");
        assertThat(Group.ofRole("iot")).isEqualTo("iot");
        assertThat(Group.role(null)).isEqualTo("default");
    }
}
