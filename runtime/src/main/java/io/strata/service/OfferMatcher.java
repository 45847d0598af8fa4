package io.strata.service;

import io.strata.resources.AgentId;
import io.strata.resources.Offer;
import io.strata.resources.OfferId;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which offer each pod goes into, honouring sticky agents (a pod restarts where its volume
 * is, on the same ports), spread limits per agent, required attributes and agents to avoid. Pure.
 */
final class OfferMatcher {

    private OfferMatcher() {
    }

    /**
     * A pod that needs resources.
     *
     * @param onlyAgent  the agent it must go to (it holds its volume), or null
     * @param fixedPorts the ports it must get again, or null for any
     * @param avoidAgent an agent it must not go to (replace), or null
     * @param newVolume  whether its volume's disk must come from the offer
     * @param preferredPorts ports to take again if the offer has them (a replaced pod keeps its
     *                   port numbers where it can, so peers that know it by port still find it), or null
     */
    record Need(String podId, PodTemplate template, AgentId onlyAgent, Map<String, Integer> fixedPorts,
                AgentId avoidAgent, boolean newVolume, Map<String, Integer> preferredPorts) {
    }

    record Match(String podId, OfferId offerId, Placement placement, Resources taskResources) {
    }

    /**
     * Matches needs in order against the offers. {@code perAgentCount} holds, per agent, how many
     * pods of each type already live there; it is not changed.
     */
    static List<Match> match(List<Offer> offers, List<Need> needs, Map<AgentId, Map<String, Integer>> perAgentCount) {
        Map<OfferId, Resources> left = new LinkedHashMap<>();
        List<Offer> ordered = new ArrayList<>(offers);
        ordered.sort((a, b) -> a.agentId().compareTo(b.agentId()));
        ordered.forEach(o -> left.put(o.id(), o.resources()));
        Map<AgentId, Map<String, Integer>> counts = new HashMap<>();
        perAgentCount.forEach((a, m) -> counts.put(a, new HashMap<>(m)));
        List<Match> matches = new ArrayList<>();
        for (Need need : needs) {
            for (Offer offer : ordered) {
                Match m = tryPlace(need, offer, left.get(offer.id()), counts);
                if (m != null) {
                    Resources used = m.taskResources().plus(Resources.of(0, 0, need.newVolume() ? need.template().volumeMb() : 0));
                    left.put(offer.id(), left.get(offer.id()).minus(used));
                    counts.computeIfAbsent(offer.agentId(), k -> new HashMap<>()).merge(need.template().type(), 1, Integer::sum);
                    matches.add(m);
                    break;
                }
            }
        }
        return matches;
    }

    private static Match tryPlace(Need need, Offer offer, Resources free, Map<AgentId, Map<String, Integer>> counts) {
        PodTemplate t = need.template();
        if (need.onlyAgent() != null && !need.onlyAgent().equals(offer.agentId())) {
            return null;
        }
        if (need.avoidAgent() != null && need.avoidAgent().equals(offer.agentId())) {
            return null;
        }
        for (var attr : t.requiredAttributes().entrySet()) {
            if (!attr.getValue().equals(offer.attributes().get(attr.getKey()))) {
                return null;
            }
        }
        int here = counts.getOrDefault(offer.agentId(), Map.of()).getOrDefault(t.type(), 0);
        if (need.onlyAgent() == null && here >= t.maxPerAgent()) {
            return null;
        }
        if (!free.containsScalars(t.demand(need.newVolume()))) {
            return null;
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        PortRanges portSet;
        if (need.fixedPorts() != null) {
            portSet = PortRanges.ports(need.fixedPorts().values().stream().mapToInt(Integer::intValue).toArray());
            if (!free.ports().containsAll(portSet)) {
                return null;
            }
            ports.putAll(need.fixedPorts());
        } else {
            PortRanges left = free.ports();
            for (String name : t.portNames()) {
                Integer preferred = need.preferredPorts() == null ? null : need.preferredPorts().get(name);
                if (preferred != null && left.contains(preferred)) {
                    ports.put(name, preferred);
                    left = left.minus(PortRanges.ports(preferred));
                }
            }
            for (String name : t.portNames()) {
                if (!ports.containsKey(name)) {
                    PortRanges one = left.lowest(1);
                    if (one.isEmpty()) {
                        return null;
                    }
                    ports.put(name, one.list().get(0));
                    left = left.minus(one);
                }
            }
            portSet = free.ports().minus(left);
        }
        return new Match(need.podId(), offer.id(), new Placement(offer.agentId(), offer.host(), ports),
                t.resources().withPorts(portSet));
    }

    /** Why needs could not be matched now, in a sentence: what the largest offer lacks. */
    static String shortfall(List<Offer> offers, List<Need> unmet, int agentsKnown) {
        if (unmet.isEmpty()) {
            return "";
        }
        Need first = unmet.get(0);
        Resources want = first.template().demand(first.newVolume());
        String what = unmet.size() + " pod(s) of type " + first.template().type() + " wait for "
                + want.cpus() + " cpus, " + want.memMb() + " MB mem, " + want.diskMb() + " MB disk and "
                + first.template().portNames().size() + " ports";
        if (first.onlyAgent() != null) {
            return what + " on " + first.onlyAgent() + " (where the pod's data is)";
        }
        if (first.template().maxPerAgent() == 1) {
            return what + ", each on its own agent";
        }
        return what;
    }
}
