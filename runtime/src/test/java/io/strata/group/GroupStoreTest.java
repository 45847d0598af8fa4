package io.strata.group;

import io.strata.protocol.GroupQuota;
import io.strata.security.Principal;
import io.strata.security.Role;
import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupStoreTest {

    @Test
    void theDefaultGroupExistsWithoutARecordAndComesFirst() {
        GroupStore groups = new GroupStore(new MemoryControlStore());
        groups.put(new Group("iot", 2, new Quota(2.0, 4096L, null), new Quota(6.0, 8192L, null), List.of()))
                .toCompletableFuture().join();

        List<Group> all = groups.all().toCompletableFuture().join();

        assertThat(all).extracting(Group::name).containsExactly("default", "iot");
        assertThat(all.get(0)).isEqualTo(Group.defaultGroup());
        assertThat(all.get(1).limit()).isEqualTo(new Quota(6.0, 8192L, null));
    }

    @Test
    void recordsAreTheSharedDesignsJson() {
        MemoryControlStore control = new MemoryControlStore();
        new GroupStore(control).put(new Group("iot", 2, new Quota(2.0, null, null), Quota.NONE, List.of("kafka")))
                .toCompletableFuture().join();

        assertThat(control.readNow(GroupStore.NAMESPACE, "iot")).contains(
                "{\"name\":\"iot\",\"weight\":2.0,\"guarantee\":{\"cpus\":2.0},\"users\":[\"kafka\"]}");
    }

    @Test
    void theMasterGetsEachGroupsQuotaAsAllocatorResources() {
        GroupQuota q = new Group("science", 1, Quota.NONE, new Quota(6.0, 8192L, null), List.of()).quota();
        assertThat(q.name()).isEqualTo("science");
        assertThat(q.guarantee()).isEqualTo(io.strata.resources.Resources.EMPTY); // none
        assertThat(q.limit().milliCpus()).isEqualTo(6000);
        assertThat(q.limit().memMb()).isEqualTo(8192);
    }

    @Test
    void resolveRefusesUnknownGroupsAndOtherGroupsOfAScopedToken() {
        GroupStore groups = new GroupStore(new MemoryControlStore());
        groups.put(new Group("iot", 1, null, null, null)).toCompletableFuture().join();
        Principal iot = new Principal("t", "plant", Role.OPERATOR, "iot");

        assertThat(groups.resolve(iot, null).toCompletableFuture().join().name()).isEqualTo("iot");
        assertThat(groups.resolve(Principal.SYSTEM, null).toCompletableFuture().join().name()).isEqualTo("default");
        assertThatThrownBy(() -> groups.resolve(iot, "default").toCompletableFuture().join())
                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(GroupAccess.Refused.class);
        assertThatThrownBy(() -> groups.resolve(Principal.SYSTEM, "nope").toCompletableFuture().join())
                .hasRootCauseMessage("group 'nope' does not exist; groups: default, iot (create one with "
                        + "'strata group create nope')");
    }
}
