package io.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.cli.spi.Checks;
import io.strata.cli.spi.CliFailure;
import io.strata.cli.spi.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "artifact",
        description = "Upload files to the cluster's artifact store, for apps' 'artifacts' and Spark jars.",
        subcommands = {ArtifactCommand.Put.class})
final class ArtifactCommand implements Callable<Integer> {

    @ParentCommand
    StrataCommand strata;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw Checks.usage(spec, "Missing an artifact command: put");
    }

    @Command(name = "put",
            description = {"Upload a file; print its SHA-256, which names it in the store.",
                "The store keeps it on more than one master node. Uploading the same bytes again is harmless."},
            footer = {"", "Example: strata artifact put gateway.jar",
                "then in an app file: artifacts: [{sha256: <the SHA-256>, name: gateway.jar}]"})
    static final class Put implements Callable<Integer> {

        @ParentCommand
        ArtifactCommand artifact;

        @Parameters(paramLabel = "FILE", description = "The file to upload.")
        Path file;

        @Option(names = "--json", description = "Print the API's answer: {\"sha256\", \"size\", \"url\", \"urls\"}.")
        boolean json;

        @Override
        public Integer call() {
            if (!Files.isRegularFile(file)) {
                throw new CliFailure(CliFailure.USAGE, (Files.isDirectory(file) ? file + " is a directory"
                        : file + " does not exist") + "; give the path of a file to upload.");
            }
            StrataCommand strata = artifact.strata;
            JsonNode answer = strata.api().upload(file);
            if (json) {
                strata.out.println(Json.pretty(answer));
            } else {
                strata.out.println(answer.path("sha256").asText());
                strata.err.println("Uploaded " + file + " (" + answer.path("size").asLong() + " bytes). Refer to it as "
                        + "{sha256: " + answer.path("sha256").asText() + ", name: " + file.getFileName() + "}.");
            }
            return 0;
        }
    }
}
