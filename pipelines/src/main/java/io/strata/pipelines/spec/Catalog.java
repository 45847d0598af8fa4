package io.strata.pipelines.spec;

import io.strata.spec.Problems;
import io.strata.spec.Suggestions;
import io.strata.spec.YamlMapping;

import io.strata.pipelines.spec.PipelineSpec.ServiceSpec;
import io.strata.pipelines.spec.PipelineSpec.ServiceType;
import io.strata.pipelines.spec.PipelineSpec.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * What the file declares, for checking the keys jobs, sources and checks name. A service whose type could
 * not be read is in {@code serviceKeys} only: names of it are accepted so its own problem is not repeated.
 */
record Catalog(Map<String, ServiceSpec> services, Set<String> serviceKeys, Set<String> sourceKeys,
               Map<String, List<String>> endpoints) {

    Catalog(Map<String, ServiceSpec> services, Set<String> serviceKeys, Set<String> sourceKeys) {
        this(services, serviceKeys, sourceKeys, Map.of());
    }

    /**
     * The same with what has endpoints: the apps and the mqtt and http sources, each with its port names
     * ({@code ${key.endpoints}}, {@code ${key.endpoints.<port>}}), in file order.
     */
    Catalog withEndpoints(Map<String, List<String>> byKey) {
        return new Catalog(services, serviceKeys, sourceKeys, byKey);
    }

    List<String> keys(ServiceType type) {
        return services.values().stream().filter(s -> s.type() == type).map(ServiceSpec::key).toList();
    }

    /**
     * The key of a service of {@code type} named by {@code m[key]}, or the only one of that type when the key
     * is left out; {@code null} with a problem otherwise. {@code purpose}: "to write to", "to query".
     */
    String service(YamlMapping m, String key, ServiceType type, String purpose) {
        String given = m.text(key);
        List<String> ofType = keys(type);
        String kind = type.apiName();
        if (given == null) {
            if (m.has(key)) {
                return null;
            }
            if (ofType.size() == 1) {
                return ofType.get(0);
            }
            m.missing(key, ofType.isEmpty()
                    ? "there is no " + kind + " service " + purpose + "; declare one under services"
                    : "name the " + kind + " service " + purpose + ", one of: " + String.join(", ", ofType));
            return null;
        }
        if (!checkService(given, type)) {
            m.problem(key, notAService(given, type));
            return null;
        }
        return given;
    }

    /** True when {@code key} is a service of {@code type}, or a service whose type is unknown. */
    boolean checkService(String key, ServiceType type) {
        ServiceSpec s = services.get(key);
        return s != null ? s.type() == type : serviceKeys.contains(key);
    }

    /** Why {@code key} is not a service of {@code type}, with the ones that are. */
    String notAService(String key, ServiceType type) {
        String kind = type.apiName();
        List<String> ofType = keys(type);
        ServiceSpec s = services.get(key);
        String choices = ofType.isEmpty()
                ? "declare a " + kind + " service under services"
                : kind + " services: " + String.join(", ", ofType);
        if (s != null) {
            return "'" + key + "' is a " + s.type().apiName() + " service, not " + kind + "; " + choices;
        }
        return "there is no service '" + key + "'" + Suggestions.didYouMean(key, ofType, choices);
    }

    /**
     * Refuses a topic that the kafka service does not declare (an existing service may have any topic).
     * {@code offset} is where the topic starts in the node's value.
     */
    void checkTopic(ScalarNode node, int offset, String field, String serviceKey, String topic, Problems problems) {
        if (!ServicesSection.isTopicName(topic)) {
            problems.add(node, offset, field, "'" + topic + "' is not a Kafka topic name; "
                    + ServicesSection.TOPIC_NAME_RULE);
            return;
        }
        ServiceSpec s = services.get(serviceKey);
        if (s == null || s.existing() != null) {
            return;
        }
        List<String> declared = s.topics().stream().map(TopicSpec::name).toList();
        if (declared.contains(topic)) {
            return;
        }
        problems.add(node, offset, field, "topic '" + topic + "' is not declared in services." + serviceKey
                + ".topics" + Suggestions.didYouMean(topic, declared,
                declared.isEmpty() ? "declare it there" : "declared: " + String.join(", ", declared)));
    }
}
