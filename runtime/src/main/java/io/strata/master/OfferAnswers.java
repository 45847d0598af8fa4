package io.strata.master;

import io.strata.allocator.AcceptResult;
import io.strata.master.MasterBooks.FrameworkEntry;
import io.strata.master.MasterEffect.SendStatus;
import io.strata.master.MasterInput.Accept;
import io.strata.master.MasterInput.Decline;
import io.strata.master.TaskBook.TaskEntry;
import io.strata.master.VolumeBook.VolumeEntry;
import io.strata.resources.Offer;
import io.strata.resources.Resources;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.resources.Volume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Decides on a framework's answer to an offer: a validated launch, or a decline with its filter. */
final class OfferAnswers {

    private static final Logger LOG = LoggerFactory.getLogger(OfferAnswers.class);

    private final MasterBooks books;

    OfferAnswers(MasterBooks books) {
        this.books = books;
    }

    /**
     * Launches the tasks on the offer's agent, or answers each task FAILED (the launch itself is
     * wrong) or LOST (the offer no longer holds it) with "launch rejected: " and the reason.
     */
    void accept(Accept m, Step out) {
        FrameworkEntry f = books.frameworks.get(m.frameworkId());
        if (f == null) {
            LOG.warn("accept from unregistered framework={}", m.frameworkId());
            return;
        }
        String invalid = LaunchValidation.check(m.launches(), books.tasks.activeIds());
        Resources wanted = LaunchValidation.sum(m.launches());
        Offer target = books.allocator.offer(m.offerId()).orElse(null);
        Map<String, Volume> newVolumes = new LinkedHashMap<>();
        if (invalid == null && target != null) {
            for (TaskSpec spec : m.launches()) {
                Volume v = spec.volume();
                if (v == null) {
                    continue;
                }
                VolumeEntry known = books.volumes.get(v.id());
                if (known == null) {
                    newVolumes.putIfAbsent(v.id(), v);
                } else if (!known.agentId().equals(target.agentId()) || !known.frameworkId().equals(f.id())) {
                    invalid = "volume " + v.id() + " lives on " + known.agentId() + ", not on " + target.agentId();
                } else if (books.volumes.inUse(v.id())) {
                    invalid = "volume " + v.id() + " is in use by another task";
                }
            }
            for (Volume v : newVolumes.values()) {
                wanted = wanted.plus(Resources.of(0, 0, v.sizeMb()));
            }
        }
        AcceptResult result = invalid != null
                ? new AcceptResult.Rejected(invalid)
                : books.allocator.accept(m.offerId(), f.id(), wanted);
        if (result instanceof AcceptResult.Rejected rejected) {
            if (invalid == null) {
                // Fall back: an offer that went away leaves nothing allocated to it.
                books.allocator.rescind(m.offerId());
            }
            TaskState state = invalid != null ? TaskState.FAILED : TaskState.LOST;
            for (TaskSpec spec : m.launches()) {
                out.toFramework(new SendStatus(f.id(), new TaskStatus(spec.taskId(), f.id(), null, state,
                        "launch rejected: " + rejected.reason(), null, null, out.now)));
            }
            out.allocateSoon();
            return;
        }
        Offer offer = ((AcceptResult.Accepted) result).offer();
        for (Volume v : newVolumes.values()) {
            books.volumes.put(new VolumeEntry(v.id(), offer.agentId(), f.id(), v.sizeMb()));
        }
        long seq = books.launchesTo(offer.agentId()).next();
        for (TaskSpec spec : m.launches()) {
            TaskStatus staging = new TaskStatus(spec.taskId(), f.id(), offer.agentId(), TaskState.STAGING,
                    "launching on " + offer.agentId() + " (" + offer.host() + ")", null, null, out.now);
            books.activate(new TaskEntry(f.id(), spec, offer.agentId(), staging, seq));
            out.toFramework(new SendStatus(f.id(), staging));
        }
        out.add(new MasterEffect.LaunchTasks(offer.agentId(), f.id(), m.launches(), books.epoch, seq));
        out.allocateSoon();
    }

    void decline(Decline m, Step out) {
        if (books.allocator.decline(m.offerId(), m.frameworkId(), Duration.ofMillis(Math.max(0, m.refuseMillis())))) {
            books.counters.declined();
            out.allocateSoon();
        }
    }
}
