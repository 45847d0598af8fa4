package io.strata.apps;

import io.strata.resources.Offer;
import io.strata.resources.PortRanges;
import io.strata.resources.Resources;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

/**
 * Pure placement of waiting instances on one offer: resources (cpus, memory, disk and the ports the
 * app names), then its constraints (unique, maxPerAgent, attributes) counted over the app's instances
 * on that agent, those placed from the same offer included. Instances that do not fit get the reason.
 * A sticky app's instance within its window ({@link StickySpot}) takes only an offer of the agent it
 * ran on, with the same port numbers; those ports are kept from the group's other instances meanwhile.
 */
public final class AppOffers {

    /** An instance to launch on the offer, with the ports it gets by name. */
    public record Placed(String app, String instanceId, int version, Map<String, Integer> ports, Resources resources) {
    }

    /** What the offer takes, and why each waiting instance it does not take waits (its new reason). */
    public record Match(List<Placed> placed, Map<String, String> refusals) {
    }

    private AppOffers() {
    }

    /**
     * @param apps        the apps of the offer's group
     * @param definitions each app's definitions by version
     */
    public static Match match(Offer offer, List<AppRecord> apps, Map<String, IntFunction<AppDefinition>> definitions,
                              long now) {
        Resources left = offer.resources();
        String agent = offer.agentId().value();
        PortRanges held = heldPorts(agent, apps, definitions, now);
        List<Placed> placed = new ArrayList<>();
        Map<String, String> refusals = new LinkedHashMap<>();
        for (AppRecord app : apps) {
            if (app.deleting()) {
                continue;
            }
            Map<String, Integer> perAgent = new HashMap<>();
            app.instances().stream().filter(i -> i.agentId() != null).forEach(i -> perAgent.merge(i.agentId(), 1,
                    Integer::sum));
            for (AppInstance i : app.instances()) {
                if (!i.launchable(now)) {
                    continue;
                }
                AppDefinition def = definitions.get(app.name()).apply(i.version());
                StickySpot spot = i.stickTo() != null && i.stickTo().holds(def.sticky(), now) ? i.stickTo() : null;
                if (spot != null && !spot.agentId().equals(agent)) {
                    refusals.put(i.id(), spot.waiting(def.sticky(), now, spot.detailOf(i.reason())));
                    continue;
                }
                String refused = constraintProblem(def, offer, perAgent.getOrDefault(agent, 0));
                Map<String, Integer> ports = refused != null ? null : spot != null ? ports(def, left.ports(), spot.ports())
                        : ports(def, left.ports().minus(held), Map.of());
                Resources want = Resources.of(def.cpus(), def.memMb(), def.diskMb(), ports == null ? PortRanges.EMPTY
                        : PortRanges.ports(ports.values().stream().mapToInt(Integer::intValue).toArray()));
                if (refused == null && ports == null) {
                    refused = spot != null ? taken(spot.ports(), left.ports())
                            : "the free ports " + left.ports().minus(held) + " do not hold " + portWords(def);
                }
                if (refused == null && !left.containsScalars(want)) {
                    refused = "it lacks " + left.shortfall(want) + " (needs " + want.inWords() + ")";
                }
                if (refused != null) {
                    refusals.put(i.id(), spot != null ? spot.waiting(def.sticky(), now, refused)
                            : "waiting for an offer that fits; last one: " + agent + " (" + offer.host() + "): " + refused);
                    continue;
                }
                left = left.minus(want);
                perAgent.merge(agent, 1, Integer::sum);
                placed.add(new Placed(app.name(), i.id(), i.version(), ports, want));
            }
        }
        return new Match(List.copyOf(placed), refusals);
    }

    private static String constraintProblem(AppDefinition def, Offer offer, int onAgent) {
        for (Placement p : def.constraints()) {
            if (p instanceof Placement.Unique && onAgent >= 1) {
                return "it already runs an instance of " + def.name() + " (unique)";
            }
            if (p instanceof Placement.MaxPerAgent m && onAgent >= m.max()) {
                return "it already runs " + onAgent + " instances of " + def.name() + " (" + p + ")";
            }
            if (p instanceof Placement.AttributeIs a && !a.value().equals(offer.attributes().get(a.key()))) {
                return "its attribute " + a.key() + " is " + attribute(offer, a.key()) + ", not " + a.value() + " (" + p + ")";
            }
            if (p instanceof Placement.AttributeLike a && (offer.attributes().get(a.key()) == null
                    || !Pattern.compile(a.pattern()).matcher(offer.attributes().get(a.key())).matches())) {
                return "its attribute " + a.key() + " is " + attribute(offer, a.key()) + ", which does not match "
                        + a.pattern() + " (" + p + ")";
            }
        }
        return null;
    }

    private static String attribute(Offer offer, String key) {
        String v = offer.attributes().get(key);
        return v == null ? "not set" : "'" + v + "'";
    }

    /** The ports sticky instances of these apps wait for on {@code agent}: no other instance gets them. */
    private static PortRanges heldPorts(String agent, List<AppRecord> apps,
                                        Map<String, IntFunction<AppDefinition>> definitions, long now) {
        PortRanges held = PortRanges.EMPTY;
        for (AppRecord app : apps) {
            for (AppInstance i : app.instances()) {
                StickySpot s = i.stickTo();
                if (s != null && i.taskId() == null && s.agentId().equals(agent)
                        && s.holds(definitions.get(app.name()).apply(i.version()).sticky(), now)) {
                    held = held.plus(PortRanges.ports(s.ports().values().stream().mapToInt(Integer::intValue).toArray()));
                }
            }
        }
        return held;
    }

    /** "port 31004 is taken", "ports 31004, 31005 are taken": those of {@code asked} not free. */
    private static String taken(Map<String, Integer> asked, PortRanges free) {
        List<String> gone = asked.values().stream().filter(p -> !free.contains(p)).map(String::valueOf).toList();
        return gone.isEmpty() ? "the free ports " + free + " do not hold its ports " + asked.values()
                : gone.size() == 1 ? "port " + gone.get(0) + " is taken" : "ports " + String.join(", ", gone) + " are taken";
    }

    /**
     * A port for each of the app's ports (the one {@code asked} names, else its fixed one, else the lowest
     * free), or null when they do not fit.
     */
    static Map<String, Integer> ports(AppDefinition def, PortRanges free, Map<String, Integer> asked) {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<Integer> taken = new ArrayList<>();
        for (AppDefinition.Port p : def.ports()) {
            Integer want = asked.getOrDefault(p.name(), p.fixed());
            if (want != null) {
                if (!free.contains(want) || taken.contains(want)) {
                    return null;
                }
                out.put(p.name(), want);
                taken.add(want);
            }
        }
        for (AppDefinition.Port p : def.ports()) {
            if (!out.containsKey(p.name())) {
                Integer port = lowestFree(free, taken);
                if (port == null) {
                    return null;
                }
                out.put(p.name(), port);
                taken.add(port);
            }
        }
        Map<String, Integer> ordered = new LinkedHashMap<>();
        def.ports().forEach(p -> ordered.put(p.name(), out.get(p.name())));
        return ordered;
    }

    private static Integer lowestFree(PortRanges free, List<Integer> taken) {
        for (PortRanges.Range r : free.ranges()) {
            for (int port = r.begin(); port <= r.end(); port++) {
                if (!taken.contains(port)) {
                    return port;
                }
            }
        }
        return null;
    }

    private static String portWords(AppDefinition def) {
        return def.ports().size() + " port" + (def.ports().size() == 1 ? "" : "s") + " " + def.ports().stream()
                .map(p -> p.fixed() == null ? p.name() : p.name() + "=" + p.fixed()).toList();
    }
}
