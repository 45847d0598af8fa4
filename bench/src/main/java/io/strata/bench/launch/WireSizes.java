package io.strata.bench.launch;

import io.strata.protocol.AgentCommand;
import io.strata.protocol.MasterCommand;
import io.strata.resources.AgentId;
import io.strata.resources.FrameworkId;
import io.strata.resources.Resources;
import io.strata.resources.TaskId;
import io.strata.resources.TaskSpec;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import io.strata.scheduler.FrameworkInfo;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.serialization.SerializationExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sizes of figure 3's messages as the cluster's own serializer (Pekko's jackson-json binding
 * of {@code StrataMessage}) writes them, before Artery's framing: one launch of a full agent's 100
 * tasks, one RUNNING update, one heartbeat of an agent with 100 running tasks.
 */
record WireSizes(int launch100, int running, int heartbeat100) {

    static WireSizes of(ActorSystem<?> system, Resources perTask) {
        var serialization = SerializationExtension.get(system);
        FrameworkId fw = FrameworkInfo.of("bench-filler-0").id();
        AgentId agent = AgentId.of("sim-00123");
        List<TaskSpec> specs = new ArrayList<>();
        List<MasterCommand.AgentTask> tasks = new ArrayList<>();
        long now = System.currentTimeMillis();
        TaskStatus running = null;
        for (int i = 0; i < 100; i++) {
            TaskSpec spec = TaskSpec.of(TaskId.of("t-" + (12_300 + i)), perTask, "true");
            specs.add(spec);
            running = new TaskStatus(spec.taskId(), fw, agent, TaskState.RUNNING, "running as pid " + (100_000 + i),
                    null, 100_000L + i, now);
            tasks.add(new MasterCommand.AgentTask(fw, spec, running));
        }
        var launch = new AgentCommand.LaunchTasks(fw, specs, "0f3a9c1e", 12_345L);
        var update = new MasterCommand.AgentStatusUpdate(running);
        var beat = new MasterCommand.AgentHeartbeat(agent, "10.2.0.123", Resources.of(25, 25_600, 10_240), Map.of(),
                tasks, List.of(), system.<AgentCommand>deadLetters(), "0f3a9c1e", 12_345L, now);
        return new WireSizes(serialization.serialize(launch).get().length,
                serialization.serialize(update).get().length, serialization.serialize(beat).get().length);
    }
}
