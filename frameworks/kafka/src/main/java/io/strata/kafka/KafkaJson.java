package io.strata.kafka;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.strata.api.ApiResponses;
import io.strata.service.ServiceProtocol.PodStatus;
import io.strata.service.ServiceProtocol.ServiceStatus;

/** The Kafka API's JSON: `.bootstrap` and `.brokers[]` with id, state, agentId, taskId, host, port. */
final class KafkaJson {

    private KafkaJson() {
    }

    static ObjectNode status(ServiceStatus s) {
        ObjectNode n = ApiResponses.MAPPER.createObjectNode();
        n.put("name", s.name());
        n.put("state", s.state());
        n.put("reason", s.reason());
        n.put("operation", s.operation());
        n.put("bootstrap", s.endpoints().getOrDefault("bootstrap", ""));
        n.put("frameworkId", s.frameworkId());
        ObjectNode cfg = n.putObject("config");
        s.config().forEach(cfg::put);
        ArrayNode brokers = n.putArray("brokers");
        ArrayNode controllers = n.putArray("controllers");
        for (PodStatus p : s.pods()) {
            boolean broker = p.type().equals(KafkaDefinition.BROKER);
            ObjectNode b = (broker ? brokers : controllers).addObject();
            b.put("id", broker ? p.index() + 1 : KafkaDefinition.CONTROLLER_ID_BASE + p.index());
            b.put("pod", p.id());
            b.put("state", p.state());
            b.put("ready", p.ready());
            b.put("agentId", p.agentId());
            b.put("taskId", p.taskId());
            b.put("host", p.host());
            Integer port = p.ports().get(broker ? KafkaDefinition.BROKER : KafkaDefinition.CONTROLLER);
            if (port == null) {
                b.putNull("port");
            } else {
                b.put("port", port);
            }
            b.put("restarts", p.restarts());
            b.put("reason", p.reason());
            b.put("volumeId", p.volumeId());
        }
        return n;
    }
}
