package io.strata.kafka.cli;

import io.strata.cli.service.ServiceCommands;
import io.strata.cli.service.ServiceDescriptor;
import io.strata.cli.spi.CliContext;
import io.strata.cli.spi.CliPlugin;
import java.util.List;

/** {@code strata kafka ...}: the generic service commands for Kafka clusters, plus topics. */
public final class KafkaCliPlugin implements CliPlugin {

    static final ServiceDescriptor KAFKA = ServiceDescriptor.builder("kafka", "brokers", "broker")
            .description("Create and run Kafka clusters (KRaft brokers as Strata tasks with their data on persistent volumes).")
            .noun("Kafka cluster", "Kafka clusters")
            .endpoint("bootstrap", "bootstrap", "bootstrap servers")
            .podColumn("HOST", "host").podColumn("PORT", "port")
            .otherPods("controllers", "controller")
            .count("3", "Number of brokers, each on its own agent")
            .createOption("--broker-cpus", "C", Double.class, "brokerCpus", "1", "CPUs per broker")
            .createOption("--broker-mem", "MB", Long.class, "brokerMem", "1024", "Memory per broker in MB")
            .createOption("--broker-disk", "MB", Long.class, "brokerDisk", "1024", "Persistent volume per broker in MB")
            .create("Create a Kafka cluster; up to 3 brokers are also its controllers, above that 3 dedicated "
                    + "controllers run beside them.")
            .scale("Add brokers (scaling down is not supported).")
            .replace("BROKER_ID", "Move a broker to another agent with a fresh volume; it catches up from its peers.")
            .extraCommand(KafkaTopicCommand::new)
            .build();

    @Override
    public List<Object> commands(CliContext context) {
        return List.of(ServiceCommands.tree(KAFKA, context));
    }
}
