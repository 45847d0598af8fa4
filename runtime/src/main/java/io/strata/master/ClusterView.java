package io.strata.master;

import io.strata.allocator.DrfAllocator;
import io.strata.master.MasterBooks.AgentEntry;
import io.strata.master.MasterBooks.FrameworkEntry;
import io.strata.master.TaskBook.TaskEntry;
import io.strata.master.VolumeBook.VolumeEntry;
import io.strata.protocol.ClusterState;
import io.strata.resources.FrameworkId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Builds the operators' snapshot of the master's books. */
final class ClusterView {

    private ClusterView() {
    }

    static ClusterState of(MasterBooks books, String address, ClusterState.AllocationStats stats) {
        DrfAllocator allocator = books.allocator;
        List<ClusterState.AgentView> agentViews = new ArrayList<>();
        for (AgentEntry a : books.agents.values()) {
            agentViews.add(new ClusterState.AgentView(a.id(), a.host(), true, a.total(), allocator.used(a.id()),
                    allocator.offered(a.id()), a.attributes(), books.tasks.activeCountOn(a.id())));
        }
        agentViews.sort(Comparator.comparing(ClusterState.AgentView::id));
        Map<FrameworkId, Integer> tasksPerFramework = new HashMap<>();
        for (TaskEntry t : books.tasks.active()) {
            tasksPerFramework.merge(t.frameworkId(), 1, Integer::sum);
        }
        List<ClusterState.FrameworkView> fwViews = new ArrayList<>();
        for (FrameworkEntry f : books.frameworks.values()) {
            fwViews.add(new ClusterState.FrameworkView(f.id(), f.name(), f.role(), f.active(),
                    allocator.allocatedTo(f.id()), allocator.dominantShare(f.id()),
                    tasksPerFramework.getOrDefault(f.id(), 0)));
        }
        fwViews.sort(Comparator.comparing(ClusterState.FrameworkView::name)
                .thenComparing(ClusterState.FrameworkView::id));
        List<ClusterState.TaskView> taskViews = new ArrayList<>();
        addViews(books, taskViews, books.tasks.completed());
        addViews(books, taskViews, books.tasks.active());
        List<ClusterState.VolumeView> volumeViews = new ArrayList<>();
        for (VolumeEntry v : books.volumes.all()) {
            volumeViews.add(new ClusterState.VolumeView(v.id(), v.agentId(), v.frameworkId(), v.sizeMb()));
        }
        volumeViews.sort(Comparator.comparing(ClusterState.VolumeView::id));
        return new ClusterState(books.epoch, address, books.startedAtMillis, agentViews, fwViews, taskViews,
                allocator.outstandingOffers().size(), stats, volumeViews, GroupQuotas.views(books));
    }

    private static void addViews(MasterBooks books, List<ClusterState.TaskView> out, Collection<TaskEntry> entries) {
        for (TaskEntry t : entries) {
            FrameworkEntry f = books.frameworks.get(t.frameworkId());
            AgentEntry a = t.agentId() == null ? null : books.agents.get(t.agentId());
            out.add(new ClusterState.TaskView(t.frameworkId(), f == null ? t.frameworkId().value() : f.name(),
                    t.spec(), t.status(), a == null ? "" : a.host()));
        }
    }
}
