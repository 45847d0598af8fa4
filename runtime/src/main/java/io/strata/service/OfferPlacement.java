package io.strata.service;

import io.strata.resources.AgentId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.Volume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The deploy plan meets the held offers: which pods need an offer now, where each goes, the tasks
 * to launch, which offers to hold or decline, and whether to revive or suppress offers. Pure.
 */
final class OfferPlacement {

    private final ServiceTimings timings;

    OfferPlacement(ServiceTimings timings) {
        this.timings = timings;
    }

    /** Places what the deploy plan needs now on the held offers and launches it. */
    void placeAndLaunch(Change c) {
        PlannerState s = c.state();
        List<OfferMatcher.Need> needs = needs(s, c.now());
        if (s.record().deleting() || needs.isEmpty()) {
            declineAll(c, timings.declineIdle());
            return;
        }
        List<Offer> offers = List.copyOf(s.held().values());
        List<OfferMatcher.Match> matches = OfferMatcher.match(offers, needs, podsPerAgent(s.record()));
        List<OfferMatcher.Need> unmet = unmet(needs, matches);
        String shortfall = OfferMatcher.shortfall(offers, unmet, 0);
        if (s.deployPlan().allAtOnce() && !unmet.isEmpty()) {
            // Keep what we hold: the next offers may complete the set. Give it back after a while
            // so other frameworks are not starved by a deploy that cannot fit yet.
            if (c.now() - s.holdingSince() > timings.holdOffers().toMillis()) {
                declineAll(c, timings.declineBusy());
            }
            markWaiting(c, needs, shortfall);
            return;
        }
        markWaiting(c, unmet, shortfall);
        launch(c, matches);
        declineAll(c, timings.declineBusy());
    }

    /** Asks for offers while the deploy plan needs some, and stops them otherwise. */
    void reviveOrSuppress(Change c) {
        PlannerState s = c.state();
        List<OfferMatcher.Need> needs = needs(s, c.now());
        boolean want = !s.record().deleting() && !needs.isEmpty();
        if (want && s.suppressed()) {
            c.emit(new ServiceAction.Revive());
            c.state(s.withSuppressed(false));
        } else if (!want && !s.suppressed()) {
            c.emit(new ServiceAction.Suppress());
            c.state(s.withSuppressed(true));
        } else if (want && s.held().isEmpty() && needs.stream().anyMatch(n -> !s.pod(n.podId()).agentIsLost())) {
            // A restart whose backoff just ended wants the agent it holds back: clear old filters. Not
            // for a lost agent: it has no filters when it comes back, and reviving each tick until then
            // would only bounce every other agent's offers.
            c.emit(new ServiceAction.Revive());
        }
    }

    void declineAll(Change c, Duration refuse) {
        c.state().held().keySet().forEach(id -> c.emit(new ServiceAction.Decline(id, refuse)));
        c.state(c.state().withoutOffers());
    }

    /** The deploy plan's candidate pods that need an offer now, in deploy order. */
    static List<OfferMatcher.Need> needs(PlannerState s, long now) {
        List<OfferMatcher.Need> needs = new ArrayList<>();
        for (Step step : s.deployPlan().candidates(s::pod)) {
            PodRecord pod = s.pod(step.podId());
            if (pod.needsOffer(now)) {
                needs.add(need(s, pod));
            }
        }
        return needs;
    }

    private static OfferMatcher.Need need(PlannerState s, PodRecord pod) {
        Placement p = pod.placement();
        boolean sticky = p != null && pod.volumeCreated();
        return new OfferMatcher.Need(pod.id(), s.template(pod), sticky ? p.agentId() : null, sticky ? p.ports() : null,
                pod.avoidAgent() == null ? null : AgentId.of(pod.avoidAgent()), !pod.volumeCreated(),
                pod.replacing() == null ? null : pod.replacing().ports());
    }

    private void launch(Change c, List<OfferMatcher.Match> matches) {
        // Record every placement first: tasks are rendered with every pod's address (quorums, seeds).
        for (OfferMatcher.Match m : matches) {
            c.amend(c.state().pod(m.podId()).placed(m.placement()));
        }
        ServiceView view = c.state().view();
        Map<OfferId, List<TaskSpec>> launches = new LinkedHashMap<>();
        for (OfferMatcher.Match m : matches) {
            PodRecord pod = c.state().pod(m.podId());
            int attempt = pod.attempt() + 1;
            String taskId = c.record().frameworkId() + "-" + pod.id() + "-" + attempt;
            if (c.move(pod.launched(m.placement(), taskId, attempt), "placed on offer " + m.offerId())) {
                TaskSpec spec = task(c.state(), pod, taskId, m, view);
                launches.computeIfAbsent(m.offerId(), k -> new ArrayList<>()).add(spec);
            }
        }
        launches.forEach((offerId, specs) -> {
            c.emit(new ServiceAction.Launch(offerId, specs));
            c.state(c.state().without(offerId));
        });
        if (!launches.isEmpty()) {
            c.log("service launched service=" + c.record().frameworkId() + " pods="
                    + matches.stream().map(OfferMatcher.Match::podId).toList());
        }
    }

    private static TaskSpec task(PlannerState s, PodRecord pod, String taskId, OfferMatcher.Match m, ServiceView view) {
        TaskSpec base = s.definition().task(pod.view(), view);
        Map<String, String> labels = new HashMap<>(base.labels());
        labels.put("service", s.record().name());
        labels.put("pod", pod.id());
        long volumeMb = s.template(pod).volumeMb();
        return new TaskSpec(TaskId.of(taskId), s.record().name() + "-" + pod.id(), base.command(), base.args(),
                base.env(), m.taskResources(), labels, base.files(),
                volumeMb > 0 ? new Volume(pod.volumeId(), volumeMb) : null);
    }

    private static List<OfferMatcher.Need> unmet(List<OfferMatcher.Need> needs, List<OfferMatcher.Match> matches) {
        Set<String> matched = new HashSet<>();
        matches.forEach(m -> matched.add(m.podId()));
        return needs.stream().filter(n -> !matched.contains(n.podId())).toList();
    }

    /** Waiting pods that would take their group past its limit say so ("group iot is at its limit of 6 cpus"). */
    void markGroupLimit(Change c, ServiceInput.GroupRoom room) {
        for (OfferMatcher.Need n : needs(c.state(), c.now())) {
            String reason = io.strata.allocator.GroupLimits.reason(room.group(), room.limit(), room.used(),
                    n.template().resources().plus(io.strata.resources.Resources.of(0, 0, n.newVolume() ? n.template().volumeMb() : 0)))
                    .orElse(null);
            if (reason != null) {
                markWaiting(c, List.of(n), reason);
            }
        }
    }

    /** Says why in the reasons of the waiting pods that could not be placed. */
    private static void markWaiting(Change c, List<OfferMatcher.Need> needs, String reason) {
        if (reason.isEmpty()) {
            return;
        }
        for (OfferMatcher.Need n : needs) {
            PodRecord pod = c.state().pod(n.podId());
            if (pod.state() == PodState.WAITING && !reason.equals(pod.reason())) {
                c.move(pod.with(PodState.WAITING, reason), "no offer fits");
            }
        }
    }

    /** How many pods of each type hold each agent (placed pods that are not waiting or deleted). */
    private static Map<AgentId, Map<String, Integer>> podsPerAgent(ServiceRecord record) {
        Map<AgentId, Map<String, Integer>> counts = new HashMap<>();
        for (PodRecord pod : record.pods()) {
            boolean holdsAgent = pod.placement() != null && pod.state() != PodState.WAITING
                    && pod.state() != PodState.DELETED;
            if (holdsAgent) {
                counts.computeIfAbsent(pod.placement().agentId(), k -> new HashMap<>())
                        .merge(pod.type(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
