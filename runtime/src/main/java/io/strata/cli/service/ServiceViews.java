package io.strata.cli.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Table;
import io.strata.service.AutoReplace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A service's status and the list of services as people read them. */
final class ServiceViews {

    private ServiceViews() {
    }

    /** The state with its reason, the endpoint, the operation under way, and one row per pod. */
    static String status(ServiceDescriptor type, JsonNode status) {
        StringBuilder text = new StringBuilder();
        String reason = status.path("reason").asText();
        text.append(type.type()).append(' ').append(status.path("name").asText()).append("  ")
                .append(status.path("state").asText()).append(reason.isEmpty() ? "" : "  (" + reason + ")").append('\n');
        text.append(type.endpoint().label()).append("  ").append(endpoint(type, status)).append('\n');
        text.append("auto-replace  ").append(autoReplace(status)).append('\n');
        if (!status.path("operation").asText().isEmpty()) {
            text.append("operation  ").append(status.path("operation").asText()).append('\n');
        }
        List<String> headers = new ArrayList<>(List.of(type.podWord().toUpperCase(Locale.ROOT), "STATE", "AGENT"));
        type.podColumns().forEach(column -> headers.add(column.header()));
        headers.addAll(List.of("TASK", "RESTARTS", "REASON"));
        Table table = new Table(headers.toArray(String[]::new));
        podRows(type, table, status.path(type.podsField()), "");
        type.otherPods().forEach(other -> podRows(type, table, status.path(other.field()), " (" + other.word() + ")"));
        return text.append(table.render()).toString();
    }

    private static void podRows(ServiceDescriptor type, Table table, JsonNode pods, String idSuffix) {
        for (JsonNode pod : pods) {
            List<String> row = new ArrayList<>(List.of(pod.path("id").asText() + idSuffix, pod.path("state").asText(),
                    Table.cell(pod.path("agentId"))));
            type.podColumns().forEach(column -> row.add(Table.cell(pod.path(column.field()))));
            row.addAll(List.of(Table.cell(pod.path("taskId")), pod.path("restarts").asText(), pod.path("reason").asText()));
            table.row(row.toArray(String[]::new));
        }
    }

    /** "after 10m" (of a pod's agent being lost), or "off". */
    static String autoReplace(JsonNode status) {
        JsonNode seconds = status.path("config").path(AutoReplace.KEY);
        if (!seconds.isTextual() && !seconds.isNumber()) {
            return "off";
        }
        try {
            return "after " + AutoReplace.describe(AutoReplace.parse(seconds.asText())) + " of a lost agent";
        } catch (IllegalArgumentException e) {
            return seconds.asText();
        }
    }

    /** One row per service: name, state, how many pods, endpoint. */
    static String list(ServiceDescriptor type, JsonNode services) {
        Table table = new Table("NAME", "STATE", type.podsField().toUpperCase(Locale.ROOT),
                type.endpoint().label().toUpperCase(Locale.ROOT));
        for (JsonNode service : services) {
            table.row(service.path("name").asText(), service.path("state").asText(),
                    Integer.toString(service.path(type.podsField()).size()), endpoint(type, service));
        }
        return table.render();
    }

    /** The endpoint as text: addresses separated by commas. */
    static String endpoint(ServiceDescriptor type, JsonNode status) {
        JsonNode value = status.path(type.endpoint().field());
        if (!value.isArray()) {
            return value.asText();
        }
        List<String> addresses = new ArrayList<>();
        value.forEach(address -> addresses.add(address.asText()));
        return String.join(",", addresses);
    }
}
