package io.strata.pipelines;

import io.strata.pipelines.Action.CreateService;
import io.strata.pipelines.Action.DeleteService;
import io.strata.pipelines.Observation.ServiceFound;
import io.strata.pipelines.Observation.ServiceMissing;
import io.strata.pipelines.Observation.ServiceSeen;
import io.strata.pipelines.Observation.ServiceUnreadable;
import io.strata.pipelines.Outcome.Done;
import io.strata.pipelines.Outcome.Failed;
import io.strata.pipelines.Outcome.Refused;
import io.strata.pipelines.PipelineRecord.State;
import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A service the pipeline creates (or uses, when {@code existing}): created first, then prepared
 * (topics, schema) once its framework reports it RUNNING, ready when both are true; a service that
 * disappears under a running pipeline fails it; stop deletes it unless it was existing or data is kept.
 */
sealed interface ServiceStage extends Stage permits KafkaServiceStage, CassandraServiceStage {

    ServiceSpec spec();

    /** Its name in the cluster. */
    String name();

    /** The fields of the service's status that hold its endpoints. */
    List<String> endpointFields();

    /** What {@code ${key.x}} references resolve to, from those fields. */
    Map<String, String> endpoints(Map<String, String> fields);

    /** Whether its topics or schema are in place. */
    boolean prepared(ServiceRecord s);

    /** Its topics or schema, once it runs. */
    Decision prepare(PipelineRecord r, ServiceRecord s);

    /** The record after the preparing action went as {@code outcome} says. */
    PipelineRecord afterPrepare(PipelineRecord r, ServiceRecord s, Outcome outcome);

    @Override
    default String key() {
        return spec().key();
    }

    default String type() {
        return spec().type().apiName();
    }

    default ServiceRecord of(PipelineRecord r) {
        return r.services().get(key());
    }

    /** Created and its endpoints known (its pods placed): what refers to it resolves, though it may not answer yet. */
    default boolean placed(PipelineRecord r) {
        ServiceRecord s = of(r);
        return s.created() && !s.endpoints().isEmpty() && s.endpoints().values().stream().noneMatch(String::isBlank);
    }

    @Override
    default boolean ready(PipelineRecord r) {
        ServiceRecord s = of(r);
        return s.state() == ServiceState.RUNNING && prepared(s);
    }

    /** While it runs: every created service; while stopping: only those the stop deletes. */
    @Override
    default Optional<Watch.Probe> probe(PipelineRecord r) {
        ServiceRecord s = of(r);
        boolean ask = r.stopping() ? !stopped(r) : s.created();
        return ask ? Optional.of(new Watch.ServiceProbe(key(), type(), name(), endpointFields())) : Optional.empty();
    }

    @Override
    default PipelineRecord absorb(PipelineRecord r, Observation seen) {
        ServiceRecord s = of(r);
        ServiceSeen got = seen.services().get(key());
        if (got instanceof ServiceMissing) {
            if (r.state() == State.STOPPING) {
                return r.with(s.deletedNow());
            }
            return r.with(s.withState(ServiceState.GONE))
                    .failed("services." + key() + ": " + type() + " " + name() + " no longer exists");
        }
        if (got instanceof ServiceFound f) {
            return r.with(r.state() == State.STOPPING ? s.withState(f.state())
                    : s.seen(f.state(), f.reason(), endpoints(f.fields())));
        }
        if (got instanceof ServiceUnreadable u && r.state() != State.STOPPING) {
            return r.with(s.withReason(u.error()));
        }
        return r;
    }

    @Override
    default Decision start(PipelineRecord r, Stages all) {
        ServiceRecord s = of(r);
        if (!s.created()) {
            return Decision.of(r, new CreateService(key(), type(), name(), spec().config()));
        }
        if (s.state() == ServiceState.RUNNING && !prepared(s)) {
            return prepare(r, s);
        }
        return Decision.none(r);
    }

    @Override
    default boolean stopped(PipelineRecord r) {
        ServiceRecord s = of(r);
        return r.keepData() || s.existing() || !s.created() || s.deleted();
    }

    /** Deletes it once its framework answered this step (and is not deleting it already). */
    @Override
    default Decision stop(PipelineRecord r, Observation seen) {
        boolean answered = seen.services().get(key()) != null;
        if (stopped(r) || !answered || of(r).state() == ServiceState.DELETING) {
            return Decision.none(r);
        }
        return Decision.of(r, new DeleteService(key(), type(), name()));
    }

    @Override
    default PipelineRecord apply(PipelineRecord r, Outcome outcome, long now) {
        ServiceRecord s = of(r);
        if (outcome.action() instanceof DeleteService) {
            return r;
        }
        if (!(outcome.action() instanceof CreateService)) {
            return afterPrepare(r, s, outcome);
        }
        if (outcome instanceof Done) {
            return r.with(s.createdNow());
        }
        if (outcome instanceof Refused x) {
            return r.failed("services." + key() + ": the cluster refused " + type() + " " + name() + ": " + x.error());
        }
        if (outcome instanceof Failed x) {
            return r.with(s.withReason(x.error()));
        }
        return r;
    }
}
