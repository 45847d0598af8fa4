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
 */
public final class AppOffers {

    /** An instance to launch on the offer, with the ports it gets by name. */
    public record Placed(String app, String instanceId, int version, Map<String, Integer> ports, Resources resources) {
    }

    /** What the offer takes, and why each waiting instance it does not take does not fit there. */
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
                String refused = constraintProblem(def, offer, perAgent.getOrDefault(offer.agentId().value(), 0));
                Map<String, Integer> ports = refused == null ? ports(def, left.ports()) : null;
                Resources want = Resources.of(def.cpus(), def.memMb(), def.diskMb(), ports == null ? PortRanges.EMPTY
                        : PortRanges.ports(ports.values().stream().mapToInt(Integer::intValue).toArray()));
                if (refused == null && ports == null) {
                    refused = "the free ports " + left.ports() + " do not hold " + portWords(def);
                }
                if (refused == null && !left.containsScalars(want)) {
                    refused = "it lacks " + left.shortfall(want) + " (needs " + want.inWords() + ")";
                }
                if (refused != null) {
                    refusals.put(i.id(), offer.agentId().value() + " (" + offer.host() + "): " + refused);
                    continue;
                }
                left = left.minus(want);
                perAgent.merge(offer.agentId().value(), 1, Integer::sum);
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

    /** A port for each of the app's ports (its fixed one, or the lowest free), or null when they do not fit. */
    static Map<String, Integer> ports(AppDefinition def, PortRanges free) {
        Map<String, Integer> out = new LinkedHashMap<>();
        List<Integer> taken = new ArrayList<>();
        for (AppDefinition.Port p : def.ports()) {
            if (p.fixed() != null) {
                if (!free.contains(p.fixed()) || taken.contains(p.fixed())) {
                    return null;
                }
                out.put(p.name(), p.fixed());
                taken.add(p.fixed());
            }
        }
        for (AppDefinition.Port p : def.ports()) {
            if (p.fixed() == null) {
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
