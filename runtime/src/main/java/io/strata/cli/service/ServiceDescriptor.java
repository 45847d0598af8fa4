package io.strata.cli.service;

import io.strata.cli.spi.ApiClient;
import io.strata.cli.spi.CliContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * What differs between service types on the command line, as {@code io.strata.api.ServiceRoutes.Adapter}
 * says it for the API: the names, the create options, how a status prints, and extra subcommands.
 * {@link ServiceCommands} turns it into {@code strata <type> create|status|list|restart|scale|replace|delete}.
 *
 * @param type          the command's name and the API's path segment ({@code /api/v1/<type>})
 * @param description   the help of {@code strata <type>}
 * @param noun          what one service is called in help, e.g. "ring", and {@code nounPlural}
 * @param podsField     the status field that lists the pods, e.g. "nodes"; also the count option's name
 *                      ({@code --nodes}) and its API field
 * @param podWord       what a user calls one pod, e.g. "node"
 * @param podIdLabel    what {@code replace} calls the pod id, e.g. "NODE_ID"
 * @param podColumns    the status table's columns between AGENT and TASK
 * @param otherPods     further pod lists of the status, shown in the same table
 * @param endpoint      how clients reach a service
 * @param createOptions the options of {@code create}, the count option ({@code --<podsField>}) first
 * @param help          the type's own sentences for create, scale and replace
 * @param extraCommands subcommands beside the generic ones, made for each CLI run
 */
public record ServiceDescriptor(String type, String description, String noun, String nounPlural,
                                String podsField, String podWord, String podIdLabel, List<Column> podColumns,
                                List<OtherPods> otherPods, Endpoint endpoint, List<CreateOption> createOptions, Help help,
                                List<Function<CliContext, Object>> extraCommands) {

    /**
     * An option of {@code create} whose value goes into the request as {@code field}; every one is a
     * positive number, and one left out lets the API choose {@code defaultValue}.
     *
     * @param description a phrase; the help adds the default
     */
    public record CreateOption(String flag, String paramLabel, Class<? extends Number> type, String field,
                               String defaultValue, String description) {

        String help() {
            return description + " (default: " + defaultValue + ").";
        }
    }

    /** A status table column: its header and the pod's JSON field. */
    public record Column(String header, String field) {
    }

    /** A further list of pods in the status (e.g. "controllers"), each marked with {@code word} in the table. */
    public record OtherPods(String field, String word) {
    }

    /**
     * How clients reach a service: a status field (text or an array of addresses), its label in the
     * status ({@code label}, and upper-case in the list) and in sentences ({@code phrase}).
     */
    public record Endpoint(String field, String label, String phrase) {
    }

    /** The sentences that say what create, scale and replace do for this type. */
    public record Help(String create, String scale, String replace) {
    }

    public ServiceDescriptor {
        podColumns = List.copyOf(podColumns);
        otherPods = List.copyOf(otherPods);
        createOptions = List.copyOf(createOptions);
        extraCommands = List.copyOf(extraCommands);
    }

    /** The API path of the type's services. */
    public String path() {
        return "/api/v1/" + type;
    }

    /** The API path of one service. */
    public String path(String name) {
        return path() + "/" + ApiClient.segment(name);
    }

    /** The count option, e.g. {@code --nodes}. */
    public String countFlag() {
        return "--" + podsField;
    }

    public static Builder builder(String type, String podsField, String podWord) {
        return new Builder(type, podsField, podWord);
    }

    /** Builds a descriptor; every part without a default must be given. */
    public static final class Builder {
        private final String type;
        private final String podsField;
        private final String podWord;
        private String description;
        private String noun;
        private String nounPlural;
        private String podIdLabel;
        private final List<Column> podColumns = new ArrayList<>();
        private final List<OtherPods> otherPods = new ArrayList<>();
        private Endpoint endpoint;
        private CreateOption count;
        private final List<CreateOption> createOptions = new ArrayList<>();
        private String createHelp;
        private String scaleHelp;
        private String replaceHelp;
        private final List<Function<CliContext, Object>> extraCommands = new ArrayList<>();

        private Builder(String type, String podsField, String podWord) {
            this.type = type;
            this.podsField = podsField;
            this.podWord = podWord;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder noun(String singular, String plural) {
            this.noun = singular;
            this.nounPlural = plural;
            return this;
        }

        public Builder podColumn(String header, String field) {
            podColumns.add(new Column(header, field));
            return this;
        }

        public Builder otherPods(String field, String word) {
            otherPods.add(new OtherPods(field, word));
            return this;
        }

        public Builder endpoint(String field, String label, String phrase) {
            this.endpoint = new Endpoint(field, label, phrase);
            return this;
        }

        /** The count option of {@code create}; its flag and API field are the pods field, as for {@code scale}. */
        public Builder count(String defaultValue, String description) {
            this.count = new CreateOption("--" + podsField, "N", Integer.class, podsField, defaultValue, description);
            return this;
        }

        public Builder createOption(String flag, String paramLabel, Class<? extends Number> valueType, String field,
                                    String defaultValue, String description) {
            createOptions.add(new CreateOption(flag, paramLabel, valueType, field, defaultValue, description));
            return this;
        }

        public Builder create(String help) {
            this.createHelp = help;
            return this;
        }

        public Builder scale(String help) {
            this.scaleHelp = help;
            return this;
        }

        public Builder replace(String podIdLabel, String help) {
            this.podIdLabel = podIdLabel;
            this.replaceHelp = help;
            return this;
        }

        /** A subcommand beside the generic ones (a picocli command, as a {@code CliPlugin} returns). */
        public Builder extraCommand(Function<CliContext, Object> command) {
            extraCommands.add(command);
            return this;
        }

        public ServiceDescriptor build() {
            List<CreateOption> options = new ArrayList<>(List.of(required(count, "count")));
            options.addAll(createOptions);
            return new ServiceDescriptor(type, required(description, "description"), required(noun, "noun"),
                    nounPlural, podsField, podWord, required(podIdLabel, "replace"), podColumns, otherPods,
                    required(endpoint, "endpoint"), options,
                    new Help(required(createHelp, "create"), required(scaleHelp, "scale"), replaceHelp),
                    extraCommands);
        }

        private <T> T required(T value, String part) {
            return Objects.requireNonNull(value, () -> "the " + type + " descriptor lacks its " + part);
        }
    }
}
