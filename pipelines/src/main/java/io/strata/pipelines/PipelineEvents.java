package io.strata.pipelines;

import io.strata.pipelines.PipelineRecord.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per meaningful change between two versions of a pipeline's record: its state, a
 * stop asked for, a service created, prepared or deleted, a job submitted or ended, a source
 * started or ended. The planner stays pure; the actor logs what changed.
 */
final class PipelineEvents {

    private static final Logger LOG = LoggerFactory.getLogger(PipelineEvents.class);

    private PipelineEvents() {
    }

    static void log(PipelineRecord before, PipelineRecord after) {
        String p = after.name();
        if (!before.stopRequested() && after.stopRequested()) {
            LOG.info("pipeline stop requested pipeline={} keepData={}", p, after.keepData());
        }
        for (ServiceRecord s : after.services().values()) {
            ServiceRecord b = before.services().get(s.key());
            if (!b.created() && s.created()) {
                LOG.info("pipeline service created pipeline={} service={} type={}", p, s.name(), s.type());
            }
            if (!b.topicsReady() && s.topicsReady() || !b.schemaApplied() && s.schemaApplied()) {
                LOG.info("pipeline service prepared pipeline={} service={} type={}", p, s.name(), s.type());
            }
            if (!b.deleted() && s.deleted()) {
                LOG.info("pipeline service deleted pipeline={} service={}", p, s.name());
            }
        }
        for (AppRecord a : after.apps().values()) {
            AppRecord b = before.apps().get(a.key());
            if (!b.created() && a.created()) {
                LOG.info("pipeline app created pipeline={} app={}", p, a.name());
            }
            if (!b.ready() && a.ready()) {
                LOG.info("pipeline app healthy pipeline={} app={} endpoints={}", p, a.name(), String.join(",",
                        a.endpoints()));
            }
            if (!b.deleted() && a.deleted()) {
                LOG.info("pipeline app deleted pipeline={} app={}", p, a.name());
            }
        }
        for (JobRecord j : after.jobs().values()) {
            JobRecord b = before.jobs().get(j.key());
            if (!b.submitted() && j.submitted()) {
                LOG.info("pipeline job submitted pipeline={} job={} submission={}", p, j.key(), j.submissionId());
            }
            if (!b.ended() && j.ended()) {
                LOG.info("pipeline job ended pipeline={} job={} state={} reason=\"{}\"", p, j.key(), j.state(), j.reason());
            }
        }
        for (SourceRecord s : after.sources().values()) {
            SourceRecord b = before.sources().get(s.key());
            if (!b.started() && s.started()) {
                LOG.info("pipeline source started pipeline={} source={} task={}", p, s.key(), s.taskId());
            }
            if (!b.ended() && s.ended()) {
                LOG.info("pipeline source ended pipeline={} source={} state={} reason=\"{}\"", p, s.key(), s.state(),
                        s.reason());
            }
        }
        if (before.state() == after.state()) {
            return;
        }
        if (after.state() == State.FAILED) {
            LOG.warn("pipeline failed pipeline={} from={} reason=\"{}\"", p, before.state(), after.reason());
        } else {
            LOG.info("pipeline state pipeline={} from={} to={} reason=\"{}\"", p, before.state(), after.state(),
                    after.reason());
        }
    }
}
