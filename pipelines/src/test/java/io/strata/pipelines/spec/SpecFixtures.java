package io.strata.pipelines.spec;

import io.strata.spec.Problem;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/** Jars and parsing shortcuts for the pipeline-file tests. */
final class SpecFixtures {

    static final String FILE = "pipeline.yaml";

    private SpecFixtures() {
    }

    /** A jar at {@code file} with an (empty) entry for each class. */
    static Path jar(Path file, String... classNames) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out)) {
            for (String className : classNames) {
                jar.putNextEntry(new JarEntry(className.replace('.', '/') + ".class"));
                jar.write(new byte[]{(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE});
                jar.closeEntry();
            }
        }
        return file;
    }

    static PipelineSpec parse(String yaml, Path dir) throws PipelineFileException {
        return PipelineFile.parse(yaml, FILE, dir);
    }

    /** The problems of a file that must be refused. */
    static List<Problem> problems(String yaml, Path dir) {
        try {
            PipelineFile.parse(yaml, FILE, dir);
        } catch (PipelineFileException e) {
            return e.problems();
        }
        throw new AssertionError("expected the file to be refused:\n" + yaml);
    }

    /** The one problem of a file that must be refused for exactly one reason. */
    static Problem problem(String yaml, Path dir) {
        List<Problem> problems = problems(yaml, dir);
        if (problems.size() != 1) {
            throw new AssertionError("expected one problem, got:\n" + String.join("\n",
                    problems.stream().map(Problem::toString).toList()));
        }
        return problems.get(0);
    }
}
