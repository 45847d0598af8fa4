package io.strata.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.resources.AgentId;
import io.strata.resources.CpuBurst;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Launch numbers on the wire: they survive the JSON round trip, and a heartbeat from an agent
 * that does not know them reads as one without them (null), not as number 0. A task's cpu burst
 * travels with its launch the same way.
 */
class LaunchNumbersJsonTest {

    private final ActorTestKit kit = ActorTestKit.create();
    private final Serialization serialization = SerializationExtension.get(Adapter.toClassic(kit.system()));

    @AfterEach
    void stop() {
        kit.shutdownTestKit();
    }

    @Test
    void launchNumbersSurviveTheWireAndTheirAbsenceReadsAsNull() throws Exception {
        TaskSpec spec = TaskSpec.of(TaskId.of("t1"), Resources.of(1, 256), "sleep", "1");
        AgentCommand.LaunchTasks launch = new AgentCommand.LaunchTasks(FrameworkId.of("fw"), List.of(spec), "e1", 7L);
        assertThat(roundTrip(launch)).isEqualTo(launch);
        assertThat(roundTrip(new AgentCommand.LaunchesSent("e1", 9))).isEqualTo(new AgentCommand.LaunchesSent("e1", 9));

        MasterCommand.AgentHeartbeat hb = new MasterCommand.AgentHeartbeat(AgentId.of("a1"), "h", Resources.of(1, 256),
                Map.of(), List.of(), List.of(), kit.createTestProbe(AgentCommand.class).ref(), "e1", 7L);
        MasterCommand.AgentHeartbeat back = roundTrip(hb);
        assertThat(back.launchEpoch()).isEqualTo("e1");
        assertThat(back.launchSeq()).isEqualTo(7L);

        String old = json(hb).replace(",\"launchEpoch\":\"e1\",\"launchSeq\":7", "");
        assertThat(old).doesNotContain("launchSeq");
        MasterCommand.AgentHeartbeat fromOlder = fromJson(old, hb);
        assertThat(fromOlder.launchSeq()).isNull();
        assertThat(fromOlder.launchEpoch()).isNull();
    }

    @Test
    void aCpuBurstTravelsWithTheLaunchAndALaunchWithoutOneHasNone() throws Exception {
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

    private <T> T roundTrip(T message) throws Exception {
        return fromJson(json(message), message);
    }

    private String json(Object message) {
        return new String(serialization.serialize(message).get(), StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private <T> T fromJson(String json, T like) throws Exception {
        SerializerWithStringManifest s = (SerializerWithStringManifest) serialization.findSerializerFor(like);
        return (T) serialization.deserialize(json.getBytes(StandardCharsets.UTF_8), s.identifier(), s.manifest(like))
                .get();
    }
}
