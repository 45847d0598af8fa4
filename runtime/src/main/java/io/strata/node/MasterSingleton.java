package io.strata.node;

import io.strata.master.MasterActor;
import io.strata.master.MasterSettings;
import io.strata.protocol.MasterCommand;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.typed.ClusterSingleton;
import org.apache.pekko.cluster.typed.ClusterSingletonSettings;
import org.apache.pekko.cluster.typed.SingletonActor;

import java.time.Clock;

/** The master runs once in the cluster, on the oldest node with role "master"; others get a proxy. */
public final class MasterSingleton {

    private MasterSingleton() {
    }

    public static ActorRef<MasterCommand> init(ActorSystem<?> system) {
        MasterSettings settings = MasterSettings.from(system.settings().config());
        return ClusterSingleton.get(system).init(
                SingletonActor.of(MasterActor.create(settings, Clock.systemUTC()), "strata-master")
                        .withSettings(ClusterSingletonSettings.create(system).withRole("master")));
    }
}
