package io.strata.master;

import io.strata.master.MasterBooks.FrameworkEntry;
import io.strata.master.MasterEffect.SendStatus;
import io.strata.master.MasterInput.Kill;
import io.strata.master.MasterInput.Reconcile;
import io.strata.master.TaskBook.TaskEntry;
import io.strata.resources.FrameworkId;
import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashSet;

/** Decides what task statuses, kills and reconciliations mean for the master's books. */
final class TaskTracker {

    private static final Logger LOG = LoggerFactory.getLogger(TaskTracker.class);

    private final MasterBooks books;
    private final VolumeKeeper volumes;

    TaskTracker(MasterBooks books, VolumeKeeper volumes) {
        this.books = books;
        this.volumes = volumes;
    }

    /** Applies a status from an agent; out-of-order or illegal transitions are ignored, not thrown. */
    /** Whether a status (whose framework and agent, where given, must match) is about this entry. */
    private static boolean ofThisTask(TaskEntry t, TaskStatus status) {
        return (status.frameworkId() == null || status.frameworkId().equals(t.frameworkId()))
                && (status.agentId() == null || status.agentId().equals(t.agentId()));
    }

    void apply(TaskStatus status, Step out) {
        TaskEntry t = books.tasks.active(status.taskId());
        if (t == null) {
            return;
        }
        if (!ofThisTask(t, status)) {
            // Another framework's (or agent's) task under the same id, e.g. an ended one its agent
            // still reports until it is acknowledged: not news of this task.
            LOG.debug("ignored status of another task with this id task={} framework={} agent={}", status.taskId(),
                    status.frameworkId(), status.agentId());
            return;
        }
        TaskState from = t.status().state();
        if (from == status.state()) {
            // Same state, newer details (a pid, a reason): keep them without telling anyone.
            if (!status.equals(t.status()) && status.timestampMillis() >= t.status().timestampMillis()) {
                books.activate(t.withStatus(status));
            }
            return;
        }
        if (!from.canTransitionTo(status.state())) {
            LOG.debug("ignored transition task={} from={} to={}", status.taskId(), from, status.state());
            return;
        }
        out.toFramework(new SendStatus(t.frameworkId(), status));
        if (!status.state().isTerminal()) {
            books.activate(t.withStatus(status));
            return;
        }
        books.end(t.withStatus(status));
        if (books.allocator.hasAgent(t.agentId())) {
            books.allocator.recover(t.agentId(), t.frameworkId(), t.spec().resources());
        }
        if (books.agents.containsKey(t.agentId())) {
            out.add(new MasterEffect.AckTerminal(t.agentId(), status.taskId()));
        }
        if (t.spec().volume() != null && books.volumes.destroyPending(t.spec().volume().id())) {
            volumes.destroyWhenUnused(t.spec().volume().id(), out);
        }
        LOG.info("task ended task={} state={} reason=\"{}\"", status.taskId(), status.state(), status.reason());
        out.allocateSoon();
    }

    void kill(Kill m, Step out) {
        TaskEntry t = books.tasks.task(m.taskId());
        if (t == null || !t.frameworkId().equals(m.frameworkId())) {
            out.toFramework(new SendStatus(m.frameworkId(), new TaskStatus(m.taskId(), m.frameworkId(), null,
                    TaskState.LOST, "kill of a task unknown to the master", null, null, out.now)));
            return;
        }
        if (t.status().state().isTerminal()) {
            out.toFramework(new SendStatus(m.frameworkId(), t.status()));
            return;
        }
        if (!books.agents.containsKey(t.agentId())) {
            apply(t.status().withState(TaskState.KILLED, "killed while its agent was unreachable", out.now), out);
            return;
        }
        FrameworkEntry f = books.frameworks.get(m.frameworkId());
        long grace = m.graceMillis() == null ? books.killGraceMillis() : Math.max(0, m.graceMillis());
        out.add(new MasterEffect.KillTask(t.agentId(), t.id(), grace,
                "killed on request of " + (f == null ? m.frameworkId().value() : f.name())));
    }

    /**
     * Implicit (no ids): every task of the framework. Explicit: the named tasks; one this master
     * has not heard of is answered only after the re-registration grace, as its agent may still
     * be on its way back.
     */
    void reconcile(Reconcile m, Step out) {
        FrameworkEntry f = books.frameworks.get(m.frameworkId());
        if (f == null) {
            return;
        }
        if (m.taskIds().isEmpty()) {
            for (TaskEntry t : books.tasks.of(f.id())) {
                out.toFramework(new SendStatus(f.id(), t.status()));
            }
            return;
        }
        boolean inGrace = out.now - books.startedAtMillis < books.settings.reregistrationGrace().toMillis();
        for (TaskId id : m.taskIds()) {
            TaskEntry t = books.tasks.task(id);
            if (t != null) {
                out.toFramework(new SendStatus(f.id(), t.status()));
            } else if (inGrace) {
                books.deferredReconciles.computeIfAbsent(f.id(), k -> new LinkedHashSet<>()).add(id);
            } else {
                out.toFramework(new SendStatus(f.id(), unknownTask(id, f.id(), out.now)));
            }
        }
    }

    /** Once the re-registration grace is over, answers what was deferred, known or not. */
    void answerDeferredReconciles(Step out) {
        if (books.deferredReconciles.isEmpty()
                || out.now - books.startedAtMillis < books.settings.reregistrationGrace().toMillis()) {
            return;
        }
        books.deferredReconciles.forEach((fw, ids) -> {
            for (TaskId id : ids) {
                TaskEntry t = books.tasks.task(id);
                out.toFramework(new SendStatus(fw, t != null ? t.status() : unknownTask(id, fw, out.now)));
            }
        });
        books.deferredReconciles.clear();
    }

    private static TaskStatus unknownTask(TaskId id, FrameworkId fw, long now) {
        return new TaskStatus(id, fw, null, TaskState.LOST,
                "no agent reports this task (unknown to the master after re-registration)", null, null, now);
    }
}
