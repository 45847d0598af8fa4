package io.strata.pipelines;

import io.strata.pipelines.Action.CreateService;
import io.strata.pipelines.Action.CreateTopics;
import io.strata.pipelines.Action.KillJob;
import io.strata.pipelines.Action.KillSource;
import io.strata.pipelines.Action.StartSource;
import io.strata.pipelines.Action.SubmitJob;
import io.strata.pipelines.PipelineRecord.State;
import io.strata.store.MemoryControlStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.strata.pipelines.PlannerHarness.of;
import static io.strata.pipelines.PlannerHarness.running;
import static io.strata.pipelines.PlannerHarness.seen;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A restarted orchestrator carries on from the saved record: it creates, submits and starts
 * nothing twice, and reads the files the previous orchestrator wrote (the JSON below was saved
 * and shown by it for the same pipeline).
 */
class ResumeTest {

    /** A RUNNING pipeline as the previous orchestrator saved it under {@code <home>/pipelines}. */
    static final String SAVED_RUNNING = """
            {"spec":{"name":"demo","services":{"kafka":{"key":"kafka","type":"KAFKA","existing":null,\
            "config":{"brokers":1},"topics":[{"name":"readings","partitions":1,"replication":1}],"schema":null},\
            "cassandra":{"key":"cassandra","type":"CASSANDRA","existing":null,"config":{"nodes":1},"topics":[],\
            "schema":"CREATE KEYSPACE k WITH replication = {'class':'SimpleStrategy',\
            'replication_factor':1};"}},"jobs":{"agg":{"key":"agg","kind":"STREAMING",\
            "mainClass":"com.example.Agg","jar":"/tmp/junit-6527237945114134782/app.jar","minExecutors":1,\
            "maxExecutors":1,"executorCores":null,"executorMemoryMb":null,"driverMemoryMb":1024,"conf":{},\
            "args":["${kafka.bootstrap}","${cassandra.contactPoints}","${job.group}"],"input":"kafka/readings",\
            "after":[]},"summary":{"key":"summary","kind":"BATCH","mainClass":"com.example.Summary",\
            "jar":"/tmp/junit-6527237945114134782/app.jar","minExecutors":1,"maxExecutors":1,\
            "executorCores":null,"executorMemoryMb":null,"driverMemoryMb":1024,"conf":{},\
            "args":["${cassandra.contactPoints}"],"input":null,"after":["sensors"]}},\
            "sources":{"sensors":{"key":"sensors","type":"sensor-simulator","kafka":"kafka","topic":"readings",\
            "sensors":2,"events":100,"rate":null,"seed":1}},"checks":[],"written":null},"jars":{"agg":"sha",\
            "summary":"sha"},"state":"RUNNING","reason":"every service, job and source started",\
            "stopRequested":false,"keepData":false,"createdAt":1000000,"runningAt":1004000,"drainedAt":null,\
            "firstWrittenAt":null,"stopRequestedAt":null,"stoppedAt":null,"eventsProduced":100,\
            "eventsProcessed":40,"eventsWritten":null,"lag":60,"services":{"kafka":{"key":"kafka",\
            "name":"demo-kafka","type":"kafka","existing":false,"created":true,"state":"RUNNING","reason":"",\
            "endpoints":{"bootstrap":"127.0.0.1:30000"},"topicsReady":true,"schemaApplied":false,\
            "deleted":false},"cassandra":{"key":"cassandra","name":"demo-cassandra","type":"cassandra",\
            "existing":false,"created":true,"state":"RUNNING","reason":"",\
            "endpoints":{"contactPoints":"127.0.0.2:30001","datacenter":"datacenter1"},"topicsReady":false,\
            "schemaApplied":true,"deleted":false}},"jobs":{"agg":{"key":"agg","kind":"streaming",\
            "submissionId":"driver-1","state":"RUNNING","reason":"","executorsRunning":1,"processed":40,\
            "lag":60,"startedAt":1002000},"summary":{"key":"summary","kind":"batch","submissionId":null,\
            "state":"WAITING","reason":"waiting for sensors","executorsRunning":0,"processed":0,"lag":0,\
            "startedAt":0}},"sources":{"sensors":{"key":"sensors","type":"sensor-simulator",\
            "taskId":"demo-sensors-2","state":"RUNNING","reason":"","startedAt":1004000}}}""";

    /** What the previous orchestrator's API showed for it. */
    static final String SHOWN_RUNNING = """
            {"name":"demo","state":"RUNNING","reason":"every service, job and source started",\
            "events_produced":100,"events_processed":40,"events_written":null,"lag":60,\
            "created_at":"1970-01-01T00:16:40Z","running_at":"1970-01-01T00:16:44Z","first_written_at":null,\
            "drained_at":null,"stop_requested_at":null,"stopped_at":null,"keep_data":false,\
            "services":[{"key":"kafka","type":"kafka","name":"demo-kafka","existing":false,"state":"RUNNING",\
            "reason":"","endpoints":{"bootstrap":"127.0.0.1:30000"},"bootstrap":"127.0.0.1:30000",\
            "topics_ready":true},{"key":"cassandra","type":"cassandra","name":"demo-cassandra","existing":false,\
            "state":"RUNNING","reason":"","endpoints":{"contactPoints":"127.0.0.2:30001",\
            "datacenter":"datacenter1"},"contactPoints":"127.0.0.2:30001","datacenter":"datacenter1",\
            "schema_applied":true}],"jobs":[{"name":"agg","kind":"streaming","class":"com.example.Agg",\
            "state":"RUNNING","reason":"","executors":1,"submission":"driver-1","input":"kafka/readings",\
            "group":"strata-demo-agg","processed":40,"lag":60},{"name":"summary","kind":"batch",\
            "class":"com.example.Summary","state":"WAITING","reason":"waiting for sensors","executors":0,\
            "submission":null}],"sources":[{"name":"sensors","type":"sensor-simulator","topic":"kafka/readings",\
            "state":"RUNNING","reason":"","task":"demo-sensors-2"}]}""";

    /** The same pipeline after a stop that kept its data. */
    static final String SAVED_STOPPED = """
            {"spec":{"name":"demo","services":{"kafka":{"key":"kafka","type":"KAFKA","existing":null,\
            "config":{"brokers":1},"topics":[{"name":"readings","partitions":1,"replication":1}],"schema":null},\
            "cassandra":{"key":"cassandra","type":"CASSANDRA","existing":null,"config":{"nodes":1},"topics":[],\
            "schema":"CREATE KEYSPACE k WITH replication = {'class':'SimpleStrategy',\
            'replication_factor':1};"}},"jobs":{"agg":{"key":"agg","kind":"STREAMING",\
            "mainClass":"com.example.Agg","jar":"/tmp/junit-6527237945114134782/app.jar","minExecutors":1,\
            "maxExecutors":1,"executorCores":null,"executorMemoryMb":null,"driverMemoryMb":1024,"conf":{},\
            "args":["${kafka.bootstrap}","${cassandra.contactPoints}","${job.group}"],"input":"kafka/readings",\
            "after":[]},"summary":{"key":"summary","kind":"BATCH","mainClass":"com.example.Summary",\
            "jar":"/tmp/junit-6527237945114134782/app.jar","minExecutors":1,"maxExecutors":1,\
            "executorCores":null,"executorMemoryMb":null,"driverMemoryMb":1024,"conf":{},\
            "args":["${cassandra.contactPoints}"],"input":null,"after":["sensors"]}},\
            "sources":{"sensors":{"key":"sensors","type":"sensor-simulator","kafka":"kafka","topic":"readings",\
            "sensors":2,"events":100,"rate":null,"seed":1}},"checks":[],"written":null},"jars":{"agg":"sha",\
            "summary":"sha"},"state":"STOPPED",\
            "reason":"stopped; services kept with their data: kafka demo-kafka, cassandra demo-cassandra",\
            "stopRequested":true,"keepData":true,"createdAt":1000000,"runningAt":1004000,"drainedAt":null,\
            "firstWrittenAt":null,"stopRequestedAt":1007000,"stoppedAt":1009000,"eventsProduced":100,\
            "eventsProcessed":40,"eventsWritten":null,"lag":60,"services":{"kafka":{"key":"kafka",\
            "name":"demo-kafka","type":"kafka","existing":false,"created":true,"state":"RUNNING","reason":"",\
            "endpoints":{"bootstrap":"127.0.0.1:30000"},"topicsReady":true,"schemaApplied":false,\
            "deleted":false},"cassandra":{"key":"cassandra","name":"demo-cassandra","type":"cassandra",\
            "existing":false,"created":true,"state":"RUNNING","reason":"",\
            "endpoints":{"contactPoints":"127.0.0.2:30001","datacenter":"datacenter1"},"topicsReady":false,\
            "schemaApplied":true,"deleted":false}},"jobs":{"agg":{"key":"agg","kind":"streaming",\
            "submissionId":"driver-1","state":"KILLED","reason":"","executorsRunning":0,"processed":40,"lag":60,\
            "startedAt":1002000},"summary":{"key":"summary","kind":"batch","submissionId":null,\
            "state":"WAITING","reason":"waiting for sensors","executorsRunning":0,"processed":0,"lag":0,\
            "startedAt":0}},"sources":{"sensors":{"key":"sensors","type":"sensor-simulator",\
            "taskId":"demo-sensors-2","state":"KILLED","reason":"","startedAt":1004000}}}""";

    static final String SHOWN_STOPPED = """
            {"name":"demo","state":"STOPPED","reason":"stopped; services kept with their data: kafka demo-kafka,\
             cassandra demo-cassandra","events_produced":100,"events_processed":40,"events_written":null,\
            "lag":60,"created_at":"1970-01-01T00:16:40Z","running_at":"1970-01-01T00:16:44Z",\
            "first_written_at":null,"drained_at":null,"stop_requested_at":"1970-01-01T00:16:47Z",\
            "stopped_at":"1970-01-01T00:16:49Z","keep_data":true,"services":[{"key":"kafka","type":"kafka",\
            "name":"demo-kafka","existing":false,"state":"RUNNING","reason":"",\
            "endpoints":{"bootstrap":"127.0.0.1:30000"},"bootstrap":"127.0.0.1:30000","topics_ready":true},\
            {"key":"cassandra","type":"cassandra","name":"demo-cassandra","existing":false,"state":"RUNNING",\
            "reason":"","endpoints":{"contactPoints":"127.0.0.2:30001","datacenter":"datacenter1"},\
            "contactPoints":"127.0.0.2:30001","datacenter":"datacenter1","schema_applied":true}],\
            "jobs":[{"name":"agg","kind":"streaming","class":"com.example.Agg","state":"KILLED","reason":"",\
            "executors":0,"submission":"driver-1","input":"kafka/readings","group":"strata-demo-agg",\
            "processed":40,"lag":60},{"name":"summary","kind":"batch","class":"com.example.Summary",\
            "state":"WAITING","reason":"waiting for sensors","executors":0,"submission":null}],\
            "sources":[{"name":"sensors","type":"sensor-simulator","topic":"kafka/readings","state":"KILLED",\
            "reason":"","task":"demo-sensors-2"}]}""";

    @TempDir
    Path dir;

    /** The control store the orchestrator keeps its records in. */
    final MemoryControlStore records = new MemoryControlStore();

    static PipelineRecord load(Path dir, String json) throws Exception {
        Files.createDirectories(dir.resolve("store"));
        Files.writeString(dir.resolve("store").resolve("demo.json"), json);
        List<PipelineRecord> loaded = new PipelineStore(new MemoryControlStore(), dir.resolve("store")).load();
        assertThat(loaded).hasSize(1);
        return loaded.get(0);
    }

    @Test
    void recordsSavedByThePreviousOrchestratorLoadAndShowExactlyTheSameStatus() throws Exception {
        assertThat(shownBefore(load(dir, SAVED_RUNNING))).isEqualTo(SHOWN_RUNNING);
        assertThat(shownBefore(load(dir, SAVED_STOPPED))).isEqualTo(SHOWN_STOPPED);
    }

    /** The status without the fields the dashboard added later (graph, checks), which follow every older one. */
    static String shownBefore(PipelineRecord r) {
        com.fasterxml.jackson.databind.node.ObjectNode n = PipelineJson.status(r);
        assertThat(n.has("graph") && n.has("checks")).isTrue();
        n.remove(List.of("graph", "checks"));
        return n.toString();
    }

    @Test
    void aLoadedRecordIsSavedAgainInExactlyTheSameFormat() throws Exception {
        assertThat(LocalApi.MAPPER.writeValueAsString(load(dir, SAVED_RUNNING))).isEqualTo(SAVED_RUNNING);
        assertThat(LocalApi.MAPPER.writeValueAsString(load(dir, SAVED_STOPPED))).isEqualTo(SAVED_STOPPED);
    }

    @Test
    void aResumedRunningPipelineCreatesSubmitsAndStartsNothingTwice() throws Exception {
        PlannerHarness h = PlannerHarness.resumed(dir, load(dir, SAVED_RUNNING));
        for (int i = 0; i < 3; i++) {
            h.step(running(RunState.RUNNING));
        }
        assertThat(of(h.actions, CreateService.class)).isEmpty();
        assertThat(of(h.actions, CreateTopics.class)).isEmpty();
        assertThat(of(h.actions, SubmitJob.class)).isEmpty();
        assertThat(of(h.actions, StartSource.class)).isEmpty();
        assertThat(h.record().state()).isEqualTo(State.RUNNING);
        assertThat(h.watch.probes()).contains(new Watch.DriverProbe("agg", "driver-1"),
                new Watch.TaskProbe("sensors", "demo-sensors-2"));
    }

    @Test
    void aPipelineSavedHalfwayThroughItsStartCarriesOnWhereItWas() throws Exception {
        PlannerHarness before = new PlannerHarness(dir);
        before.step(seen());
        before.step(seen().service("kafka", ServiceState.RUNNING).service("cassandra", ServiceState.DEPLOYING));
        new PipelineStore(records, dir.resolve("store")).save("demo", LocalApi.MAPPER.writeValueAsString(before.record()));

        PlannerHarness after = PlannerHarness.resumed(dir, new PipelineStore(records, dir.resolve("store")).load().get(0));
        List<Action> next = after.step(seen().services(ServiceState.RUNNING).driver("agg", RunState.RUNNING, 1)
                .task("sensors", RunState.RUNNING));
        assertThat(next).extracting(a -> a.getClass().getSimpleName())
                .as("only what was not done before: the schema, and the source now that the job has its executor")
                .containsExactly("ApplySchema", "StartSource");
        assertThat(after.record().state()).isEqualTo(State.RUNNING);
    }

    @Test
    void aPipelineSavedWhileStoppingCarriesOnStopping() throws Exception {
        PlannerHarness before = new PlannerHarness(dir);
        before.untilRunning();
        before.stop(false);
        new PipelineStore(records, dir.resolve("store")).save("demo", LocalApi.MAPPER.writeValueAsString(before.record()));

        PlannerHarness after = PlannerHarness.resumed(dir, new PipelineStore(records, dir.resolve("store")).load().get(0));
        List<Action> first = after.step(running(RunState.RUNNING));
        assertThat(first).hasSize(4);
        assertThat(of(first, KillSource.class)).hasSize(1);
        assertThat(of(first, KillJob.class)).hasSize(1);
        assertThat(of(first, Action.DeleteService.class)).hasSize(2);
        assertThat(after.record().state()).isEqualTo(State.STOPPING);
    }
}
