package io.strata.pipelines.spec;

import io.strata.spec.YamlMapping;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Files a pipeline file names (jars, CQL schemas), relative to the pipeline file's directory. */
final class LocalFiles {

    private LocalFiles() {
    }

    /**
     * The absolute, normalized path of the jar named by {@code m[key]} if it is a jar holding
     * {@code className} (not checked when null); {@code null} with a problem otherwise.
     */
    static String jar(YamlMapping m, String key, Path baseDir, String className) {
        String given = m.text(key);
        Path file = regularFile(m, key, given, baseDir, "a jar file");
        if (file == null) {
            return null;
        }
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String entry = className == null ? null : className.replace('.', '/') + ".class";
            if (entry != null && zip.getEntry(entry) == null) {
                m.problem(key, given + " does not contain class " + className + " (no entry " + entry + " in " + file
                        + "); check 'class' or rebuild the jar");
                return null;
            }
        } catch (ZipException e) {
            m.problem(key, given + " is not a jar file (" + file + " is not a zip archive)");
            return null;
        } catch (IOException e) {
            m.problem(key, cannotRead(given, file, e));
            return null;
        }
        return file.toString();
    }

    /** The UTF-8 text of the file named by {@code m[key]}; {@code null} with a problem when it cannot be read. */
    static String text(YamlMapping m, String key, Path baseDir, String what) {
        String given = m.text(key);
        Path file = regularFile(m, key, given, baseDir, what);
        if (file == null) {
            return null;
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            m.problem(key, given + " is not UTF-8 text (" + file + ")");
        } catch (IOException e) {
            m.problem(key, cannotRead(given, file, e));
        }
        return null;
    }

    private static Path regularFile(YamlMapping m, String key, String given, Path baseDir, String what) {
        if (given == null) {
            return null;
        }
        Path file;
        try {
            file = baseDir.resolve(given).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            m.problem(key, "'" + given + "' is not a valid file path");
            return null;
        }
        if (!Files.exists(file)) {
            m.problem(key, "file " + given + " does not exist (looked for " + file + ")");
            return null;
        }
        if (!Files.isRegularFile(file)) {
            m.problem(key, given + " is " + (Files.isDirectory(file) ? "a directory" : "not a regular file")
                    + ", not " + what + " (" + file + ")");
            return null;
        }
        if (!Files.isReadable(file)) {
            m.problem(key, "cannot read " + given + " (" + file + "): permission denied");
            return null;
        }
        return file;
    }

    private static String cannotRead(String given, Path file, IOException e) {
        String reason = e instanceof AccessDeniedException ? "permission denied"
                : e.getMessage() == null ? "read failed" : e.getMessage();
        return "cannot read " + given + " (" + file + "): " + reason;
    }
}
