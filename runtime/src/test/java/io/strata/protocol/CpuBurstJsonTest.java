package io.strata.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.CpuBurst;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A task's cpu burst on the wire to the agent: kept by the round trip, and absent reads as none. */
class CpuBurstJsonTest {

    private final ActorTestKit kit = ActorTestKit.create();
    private final Serialization serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void theBurstTravelsWithTheLaunchAndALaunchWithoutOneHasNone() throws Exception {
        TaskSpec spec = TaskSpec.of(TaskId.of("driver"), Resources.of(0.5, 512), "java")
                .withCpuBurst(CpuBurst.of(1.0, 90));
        AgentCommand.LaunchTasks launch = new AgentCommand.LaunchTasks(FrameworkId.of("spark"), List.of(spec), "e1", 3L);
        String json = new String(serialization.serialize(launch).get(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"cpuBurst\":{\"milliCpus\":1000,\"seconds\":90}");

        AgentCommand.LaunchTasks back = fromJson(json, launch);
        assertThat(back).isEqualTo(launch);
        AgentCommand.LaunchTasks withoutBurst = fromJson(json.replace(",\"cpuBurst\":{\"milliCpus\":1000,\"seconds\":90}", ""),
                launch);
        assertThat(withoutBurst.tasks().get(0).cpuBurst()).isNull();
        assertThat(withoutBurst.tasks().get(0).resources()).isEqualTo(Resources.of(0.5, 512));
    }

    @SuppressWarnings("unchecked")
    private <T> T fromJson(String json, T like) throws Exception {
        SerializerWithStringManifest s = (SerializerWithStringManifest) serialization.findSerializerFor(like);
        return (T) serialization.deserialize(json.getBytes(StandardCharsets.UTF_8), s.identifier(), s.manifest(like))
                .get();
    }
}
