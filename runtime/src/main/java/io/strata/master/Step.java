package io.strata.master;

import io.strata.resources.Offer;

import java.util.ArrayList;
import java.util.List;

/** The handling of one input: its time, and the effects decided so far, in order. */
final class Step {

    final long now;
    private final MasterBooks books;
    private final List<MasterEffect> effects = new ArrayList<>();

    Step(MasterBooks books, long now) {
        this.books = books;
        this.now = now;
    }

    void add(MasterEffect effect) {
        effects.add(effect);
    }

    /** Frameworks the master does not know (removed, or never registered) are not told anything. */
    void toFramework(MasterEffect.ToFramework effect) {
        if (books.frameworks.containsKey(effect.frameworkId())) {
            effects.add(effect);
        }
    }

    void rescinded(Offer o) {
        books.counters.rescinded();
        toFramework(new MasterEffect.RescindOffer(o.frameworkId(), o.id()));
    }

    /** Asks for one allocation round; further asks before it runs are folded into it. */
    void allocateSoon() {
        if (!books.allocationQueued) {
            books.allocationQueued = true;
            effects.add(new MasterEffect.AllocateSoon());
        }
    }

    List<MasterEffect> effects() {
        return List.copyOf(effects);
    }
}
