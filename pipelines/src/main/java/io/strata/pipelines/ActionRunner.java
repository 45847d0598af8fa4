package io.strata.pipelines;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.cassandra.CqlScript;
import io.strata.pipelines.Action.ApplySchema;
import io.strata.pipelines.Action.CreateApp;
import io.strata.pipelines.Action.CreateService;
import io.strata.pipelines.Action.CreateTopics;
import io.strata.pipelines.Action.DeleteApp;
import io.strata.pipelines.Action.DeleteCheckpoints;
import io.strata.pipelines.Action.DeleteService;
import io.strata.pipelines.Action.KillJob;
import io.strata.pipelines.Action.KillSource;
import io.strata.pipelines.Action.SparkSubmission;
import io.strata.pipelines.Action.StartSource;
import io.strata.pipelines.Action.SubmitJob;
import io.strata.pipelines.spec.PipelineSpec.TopicSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;

/**
 * Carries out a pipeline's actions, in order, through the operator API on this node, and says how
 * each went. Blocking; decides nothing.
 */
final class ActionRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ActionRunner.class);

    private final LocalApi api;
    private final String pipeline;
    /** The pipeline's group: everything it creates belongs to it (null = the default group). */
    private final String group;

    ActionRunner(LocalApi api, String pipeline, String group) {
        this.api = api;
        this.pipeline = pipeline;
        this.group = group;
    }

    ActionRunner(LocalApi api, String pipeline) {
        this(api, pipeline, null);
    }

    private ObjectNode inGroup(ObjectNode body) {
        return group == null ? body : body.put("group", group);
    }

    /**
     * Each action on its own: one that throws does not lose what the others did (a lost "done" of
     * a submission would submit the job again).
     */
    List<Outcome> run(List<Action> actions) {
        return actions.stream().map(this::runOne).toList();
    }

    private Outcome runOne(Action action) {
        try {
            return run(action);
        } catch (RuntimeException e) {
            LOG.warn("pipeline action failed pipeline={} action={} reason=\"{}\"", pipeline,
                    action.getClass().getSimpleName(), e.toString());
            return new Outcome.Failed(action, e.toString());
        }
    }

    Outcome run(Action action) {
        if (action instanceof CreateService a) {
            ObjectNode body = LocalApi.MAPPER.createObjectNode().put("name", a.name());
            a.config().forEach((k, v) -> body.put(k, v.toString()));
            return outcome(a, call(() -> api.post("/api/v1/" + a.type(), inGroup(body))), null);
        }
        if (action instanceof CreateTopics a) {
            return topics(a);
        }
        if (action instanceof ApplySchema a) {
            return schema(a);
        }
        if (action instanceof SubmitJob a) {
            return outcome(a, call(() -> api.post("/api/v1/spark/submissions", inGroup(submission(a.submission())))), "id");
        }
        if (action instanceof StartSource a) {
            ObjectNode body = LocalApi.MAPPER.createObjectNode().put("name", a.task().name())
                    .put("cpus", a.task().cpus()).put("memMb", a.task().memMb());
            ArrayNode command = body.putArray("command");
            a.task().command().forEach(command::add);
            return outcome(a, call(() -> api.post("/api/v1/tasks", inGroup(body))), "id");
        }
        if (action instanceof CreateApp a) {
            ObjectNode body = LocalApi.MAPPER.valueToTree(a.definition());
            body.put("name", a.name());
            LocalApi.Answer answer = call(() -> api.post("/api/v1/apps", inGroup(body)));
            if (answer != null && (answer.status() == 400 || answer.status() == 403)) {
                return new Outcome.Refused(a, appProblems(answer));
            }
            return answer != null && answer.status() == 409 ? new Outcome.Done(a, null) : outcome(a, answer, null);
        }
        if (action instanceof DeleteApp a) {
            return done(a, call(() -> api.delete("/api/v1/apps/" + LocalApi.segment(a.name()))));
        }
        if (action instanceof KillSource a) {
            return done(a, call(() -> api.delete("/api/v1/tasks/" + LocalApi.segment(a.taskId()))));
        }
        if (action instanceof KillJob a) {
            String grace = a.discard() ? "?grace=0s" : "";
            LocalApi.Answer answer = call(() -> api.delete("/api/v1/spark/submissions/" + LocalApi.segment(a.submissionId())
                    + grace));
            if (answer != null && answer.status() == 404) {
                answer = call(() -> api.delete("/api/v1/tasks/" + LocalApi.segment(a.submissionId()) + grace));
            }
            return done(a, answer);
        }
        if (action instanceof DeleteService a) {
            // Only a stop that discards the data deletes services, so the servers get no shutdown grace.
            return done(a, call(() -> api.delete("/api/v1/" + a.type() + "/" + LocalApi.segment(a.name()) + "?grace=0s")));
        }
        return checkpoints((DeleteCheckpoints) action);
    }

    /** The apps API's refusal with each problem ("field: message") it listed. */
    private static String appProblems(LocalApi.Answer answer) {
        List<String> parts = new java.util.ArrayList<>(List.of(answer.error()));
        answer.body().path("problems").forEach(p -> parts.add(p.path("field").asText() + ": "
                + p.path("message").asText()));
        return String.join("; ", parts);
    }

    /** Each volume destroyed (or already gone: 404) for the stop to be done; one still in use is tried again. */
    private Outcome checkpoints(DeleteCheckpoints a) {
        Outcome result = new Outcome.Done(a, null);
        for (String volume : a.volumes()) {
            LocalApi.Answer answer = call(() -> api.delete("/api/v1/spark/volumes/" + LocalApi.segment(volume)));
            if (answer == null) {
                result = result instanceof Outcome.Done ? new Outcome.Unanswered(a) : result;
            } else if (!answer.ok() && answer.status() != 404) {
                result = new Outcome.Failed(a, "destroying checkpoint volume " + volume + ": " + answer.error());
            }
        }
        return result;
    }

    /** Every topic, one request each; one that exists already counts as created. */
    private Outcome topics(CreateTopics a) {
        Outcome result = new Outcome.Done(a, null);
        for (TopicSpec t : a.topics()) {
            ObjectNode body = LocalApi.MAPPER.createObjectNode().put("topic", t.name())
                    .put("partitions", t.partitions()).put("replication", t.replication());
            LocalApi.Answer answer = call(() -> api.post("/api/v1/kafka/" + LocalApi.segment(a.service()) + "/topics", body));
            if (answer == null) {
                result = result instanceof Outcome.Done ? new Outcome.Unanswered(a) : result;
            } else if (answer.status() == 400 && !answer.error().contains("already exists")) {
                return new Outcome.Refused(a, "cannot create topic " + t.name() + ": " + answer.error());
            } else if (!(answer.ok() || answer.status() == 409 || answer.error().contains("already exists"))) {
                result = new Outcome.Failed(a, "creating topic " + t.name() + ": " + answer.error());
            }
        }
        return result;
    }

    private Outcome schema(ApplySchema a) {
        ObjectNode body = LocalApi.MAPPER.createObjectNode();
        ArrayNode statements = body.putArray("statements");
        for (CqlScript.Statement st : CqlScript.split(a.cql())) {
            statements.addObject().put("text", st.text()).put("line", st.line());
        }
        return outcome(a, call(() -> api.post("/api/v1/cassandra/" + LocalApi.segment(a.service()) + "/cql", body,
                Duration.ofSeconds(120))), null);
    }

    private static ObjectNode submission(SparkSubmission s) {
        ObjectNode body = LocalApi.MAPPER.createObjectNode();
        body.put("name", s.name()).put("mainClass", s.mainClass()).put("jarSha256", s.jarSha256())
                .put("jarName", s.jarName()).put("driverMemMb", s.driverMemMb()).put("driverCpus", s.driverCpus());
        if (s.checkpointVolume() != null) {
            body.putObject("checkpointVolume").put("name", s.checkpointVolume()).put("sizeMb", s.checkpointMb());
        }
        ArrayNode args = body.putArray("args");
        s.args().forEach(args::add);
        ObjectNode conf = body.putObject("conf");
        s.conf().forEach(conf::put);
        return body;
    }

    /** Accepted (or, for a create, already there: 409); 400 is a refusal; anything else is tried again. */
    private static Outcome outcome(Action a, LocalApi.Answer answer, String idField) {
        if (answer == null) {
            return new Outcome.Unanswered(a);
        }
        if (answer.ok() || answer.status() == 409 && a instanceof CreateService) {
            return new Outcome.Done(a, idField == null ? null : answer.body().path(idField).asText());
        }
        return answer.status() == 400 ? new Outcome.Refused(a, answer.error()) : new Outcome.Failed(a, answer.error());
    }

    private static Outcome done(Action a, LocalApi.Answer answer) {
        return answer == null ? new Outcome.Unanswered(a) : new Outcome.Done(a, null);
    }

    private LocalApi.Answer call(LocalApi.Call c) {
        return LocalApi.attempt(pipeline, c);
    }
}
