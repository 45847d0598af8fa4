package io.strata.agent.process;

import io.strata.resources.TaskId;
import io.strata.resources.TaskState;
import io.strata.resources.TaskStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessKillTest extends ProcessTestSupport {

    @Test
    void taskLeadsItsOwnSession() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("session");
        s.launch(FRAMEWORK, spec(id, "sleep", "1000"));
        long pid = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT).pid();

        awaitCondition("the sleep runs under the wrapper", TIMEOUT, () -> liveDescendants(pid).size() == 1);
        long sleep = liveDescendants(pid).get(0);

        ProcStat wrapper = ProcStat.read(pid).orElseThrow();
        assertThat(wrapper.session()).isEqualTo(pid);
        assertThat(wrapper.pgrp()).isEqualTo(pid);
        assertThat(ProcStat.read(sleep).orElseThrow().session()).isEqualTo(pid);
        assertThat(ProcStat.read(pid).orElseThrow().session()).isNotEqualTo(ProcStat.read(ProcessHandle.current().pid())
                .orElseThrow().session());
    }

    @Test
    void killStopsTheWholeProcessTree() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("tree");
        s.launch(FRAMEWORK, shell(id, "sleep 1000 & sleep 1000 & wait"));
        long pid = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT).pid();
        awaitCondition("sh and its two sleeps run", TIMEOUT, () -> liveDescendants(pid).size() == 3);
        List<Long> tree = new ArrayList<>(liveDescendants(pid));
        tree.add(pid);

        assertThat(s.kill(id, Duration.ofSeconds(5))).isTrue();
        TaskStatus killed = awaitStatus(s, id, TaskState.KILLED, TIMEOUT);

        assertThat(killed.reason()).isEqualTo("killed on request (SIGTERM)");
        assertThat(tree).allSatisfy(p -> assertThat(running(p)).as("pid %d alive", p).isFalse());
    }

    @Test
    void processIgnoringSigtermIsKilledWithSigkillAfterTheGrace() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("stubborn");
        s.launch(FRAMEWORK, shell(id, "trap '' TERM; sleep 1000"));
        long pid = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT).pid();
        awaitCondition("the sleep runs", TIMEOUT, () -> liveDescendants(pid).size() == 2);
        List<Long> tree = new ArrayList<>(liveDescendants(pid));

        long start = System.nanoTime();
        assertThat(s.kill(id, Duration.ofMillis(300))).isTrue();
        TaskStatus killed = awaitStatus(s, id, TaskState.KILLED, TIMEOUT);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(killed.reason()).isEqualTo("killed on request (SIGKILL after 300ms grace)");
        assertThat(killed.exitCode()).isEqualTo(137);
        assertThat(tree).allSatisfy(p -> assertThat(running(p)).as("pid %d alive", p).isFalse());
    }

    @Test
    void externalSigkillIsAFailureBySignal9() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("sigkill");
        s.launch(FRAMEWORK, spec(id, "sleep", "1000"));
        long pid = awaitStatus(s, id, TaskState.RUNNING, TIMEOUT).pid();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, TIMEOUT);

        assertThat(failed.reason()).startsWith("killed by signal 9 (SIGKILL)");
        assertThat(failed.exitCode()).isEqualTo(137);
    }

    @Test
    void commandKilledBySignalIsReportedWithTheSignalName() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("sigsegv");
        s.launch(FRAMEWORK, shell(id, "kill -SEGV $$"));

        TaskStatus failed = awaitStatus(s, id, TaskState.FAILED, TIMEOUT);

        assertThat(failed.reason()).startsWith("killed by signal 11 (SIGSEGV)");
        assertThat(failed.exitCode()).isEqualTo(139);
    }

    @Test
    void processesLeftBehindByAFinishedTaskAreKilled() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("orphan");
        s.launch(FRAMEWORK, shell(id, "sleep 1000 & echo $! > orphan.pid"));

        TaskStatus finished = awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);

        long orphan = Long.parseLong(readSandbox(s, id, "orphan.pid"));
        assertThat(finished.reason()).isEqualTo("exited with code 0");
        assertThat(running(orphan)).isFalse();
    }

    @Test
    void killOfAnUnknownOrEndedTaskReturnsFalse() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("done");
        s.launch(FRAMEWORK, spec(id, "true"));
        awaitStatus(s, id, TaskState.FINISHED, TIMEOUT);

        assertThat(s.kill(id, Duration.ofSeconds(1))).isFalse();
        assertThat(s.kill(TaskId.of("unknown"), Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void killAllStopsEveryTaskBeforeReturning() {
        ProcessSupervisor s = newSupervisor();
        List<TaskId> ids = List.of(newTaskId("a"), newTaskId("b"), newTaskId("c"));
        ids.forEach(id -> s.launch(FRAMEWORK, shell(id, "sleep 1000 & wait")));
        ids.forEach(id -> awaitStatus(s, id, TaskState.RUNNING, TIMEOUT));

        s.killAll(Duration.ofSeconds(2));

        assertThat(ids).allSatisfy(id -> assertThat(s.status(id).orElseThrow().state()).isEqualTo(TaskState.KILLED));
    }

    @Test
    void killWhileStartingEndsTheTaskKilled() {
        ProcessSupervisor s = newSupervisor();
        TaskId id = newTaskId("early");
        s.launch(FRAMEWORK, spec(id, "sleep", "1000"));
        s.kill(id, Duration.ofSeconds(1));

        TaskStatus killed = awaitStatus(s, id, TaskState.KILLED, TIMEOUT);

        assertThat(killed.reason()).startsWith("killed on request");
    }

    private static String readSandbox(ProcessSupervisor s, TaskId id, String file) {
        try {
            return java.nio.file.Files.readString(s.sandbox(id).orElseThrow().resolve(file)).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
