package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** API answers shaped like the HTTP contract, shared by the view and command tests. */
final class SampleJson {

    static final String AGENT_1 = """
            {"id":"agent-1","host":"127.0.0.1","active":true,
             "total":{"cpus":2.0,"memMb":4096,"diskMb":10240,"ports":"31000-31999"},
             "used":{"cpus":0.5,"memMb":128,"diskMb":0,"ports":""},
             "offered":{"cpus":1.5,"memMb":3968,"diskMb":10240,"ports":"31000-31999"},
             "attributes":{},"tasks":2}""";

    static final String AGENT_2 = """
            {"id":"agent-2","host":"127.0.0.2","active":false,
             "total":{"cpus":2.0,"memMb":4096,"diskMb":10240,"ports":"32000-32999"},
             "used":{"cpus":2.0,"memMb":512,"diskMb":100,"ports":""},
             "offered":{},"attributes":{"rack":"r1"},"tasks":8}""";

    static final String TASKS = """
            [{"id":"t-1","name":"hello","framework":"strata-tasks","frameworkId":"fw-1","state":"RUNNING",
              "reason":"started","agentId":"agent-1","host":"127.0.0.1","pid":4242,"exitCode":null,
              "resources":{"cpus":0.25,"memMb":64,"diskMb":0,"ports":""},"command":["sleep","60"],
              "updatedAt":"2025-01-01T00:00:00Z"},
             {"id":"t-2","name":"fail","framework":"strata-tasks","frameworkId":"fw-1","state":"FAILED",
              "reason":"exited with code 3\\nlast stderr: boom","agentId":"agent-1","host":"127.0.0.1",
              "exitCode":3,"resources":{},"command":["sh","-c","exit 3"],"updatedAt":"2025-01-01T00:00:01Z"},
             {"id":"t-3","framework":"strata-tasks","frameworkId":"fw-1","state":"PENDING",
              "reason":"waiting for 4 cpus; largest free agent has 1.5","agentId":null,"pid":null,"exitCode":null,
              "resources":{},"command":["true"],"updatedAt":"2025-01-01T00:00:02Z"}]""";

    static final String FRAMEWORKS = """
            [{"id":"fw-1","name":"strata-tasks","role":"*","active":true,"used":{"cpus":0.25},"tasks":3}]""";

    static final String STATE = "{\"master\":{\"host\":\"127.0.0.1\",\"address\":\"pekko://strata@127.0.0.1:40000\","
            + "\"leaderSince\":\"2025-01-01T00:00:00Z\"},\"agents\":[" + AGENT_1 + "," + AGENT_2 + "],"
            + "\"frameworks\":" + FRAMEWORKS + ",\"tasks\":" + TASKS + ",\"offers\":1}";

    private SampleJson() {
    }

    static JsonNode parse(String json) {
        return StrataCli.json(json);
    }
}
