package io.strata.pipelines;

import io.strata.pipelines.PipelinesProtocol.Command;
import io.strata.pipelines.PipelinesProtocol.Reply;
import io.strata.pipelines.spec.PipelineSpec;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The pipelines orchestrator as a cluster singleton on master nodes ({@code strata-pipelines}):
 * one place drives each pipeline; on failover the new node resumes every pipeline from the store.
 * Blocking work (checks against the cluster, CQL checks) runs off the actor's thread.
 */
final class PipelinesActor extends AbstractBehavior<Command> {

    static final String NAME = "strata-pipelines";

    private final Pipelines pipelines;
    private final ExecutorService blocking;

    static ActorRef<Command> init(org.apache.pekko.actor.typed.ActorSystem<?> system, Path home, Supplier<String> apiUrl) {
        return ClusterSingleton.get(system).init(SingletonActor.of(create(home, apiUrl), NAME)
                .withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }

    static Behavior<Command> create(Path home, Supplier<String> apiUrl) {
        return Behaviors.setup(ctx -> new PipelinesActor(ctx, home, apiUrl));
    }

    private PipelinesActor(ActorContext<Command> ctx, Path home, Supplier<String> apiUrl) {
        super(ctx);
        PipelinesSettings settings = PipelinesSettings.from(ctx.getSystem().settings().config(), home);
        this.pipelines = new Pipelines(new LocalApi(apiUrl), new PipelineStore(home.resolve("pipelines")), settings,
                Clock.systemUTC());
        this.blocking = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "strata-pipelines-api");
            t.setDaemon(true);
            return t;
        });
        pipelines.resume();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(PipelinesProtocol.Start.class, m -> {
                    blocking.execute(() -> m.replyTo().tell(start(m)));
                    return this;
                })
                .onMessage(PipelinesProtocol.Status.class, m -> reply(m.replyTo(), pipelines.status(m.name())))
                .onMessage(PipelinesProtocol.ListAll.class, m -> reply(m.replyTo(), pipelines.list()))
                .onMessage(PipelinesProtocol.Stop.class, m -> reply(m.replyTo(), pipelines.stop(m.name(), m.keepData())))
                .onMessage(PipelinesProtocol.Forget.class, m -> reply(m.replyTo(), pipelines.forget(m.name())))
                .onMessage(PipelinesProtocol.Verify.class, m -> {
                    CompletionStage<Pipelines.Answer> answer = pipelines.verify(m.name());
                    answer.whenComplete((a, t) -> m.replyTo().tell(t == null ? toReply(a)
                            : new Reply(500, LocalApi.MAPPER.createObjectNode().put("error", "checks failed to run: "
                            + t.getMessage()).toString())));
                    return this;
                })
                .onSignal(PostStop.class, s -> {
                    pipelines.close();
                    blocking.shutdownNow();
                    return this;
                })
                .build();
    }

    private Reply start(PipelinesProtocol.Start m) {
        PipelineSpec spec;
        try {
            spec = LocalApi.MAPPER.readValue(m.spec(), PipelineSpec.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return toReply(Pipelines.Answer.error(400, "the pipeline spec is not valid: " + e.getOriginalMessage()));
        }
        try {
            return toReply(pipelines.start(spec, m.jars(), m.dryRun()));
        } catch (RuntimeException e) {
            getContext().getLog().warn("pipeline start failed pipeline={}", spec.name(), e);
            return toReply(Pipelines.Answer.error(500, "cannot start pipeline " + spec.name() + ": " + e));
        }
    }

    private Behavior<Command> reply(ActorRef<Reply> to, Pipelines.Answer a) {
        to.tell(toReply(a));
        return this;
    }

    private static Reply toReply(Pipelines.Answer a) {
        return new Reply(a.status(), a.body().toString());
    }
}
