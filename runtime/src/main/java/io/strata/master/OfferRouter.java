package io.strata.master;

import io.strata.master.MasterRegistry.FrameworkEntry;
import io.strata.protocol.FrameworkEvent;
import io.strata.resources.FrameworkId;
import io.strata.resources.Offer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sends the offers of one allocation round, one message per framework. */
final class OfferRouter {

    void route(List<Offer> offers, Map<FrameworkId, FrameworkEntry> frameworks) {
        if (offers.isEmpty()) {
            return;
        }
        Map<FrameworkId, List<Offer>> byFramework = new LinkedHashMap<>();
        for (Offer o : offers) {
            byFramework.computeIfAbsent(o.frameworkId(), k -> new ArrayList<>()).add(o);
        }
        byFramework.forEach((fw, list) -> {
            FrameworkEntry f = frameworks.get(fw);
            if (f != null) {
                f.ref.tell(new FrameworkEvent.Offers(List.copyOf(list)));
            }
        });
    }
}
