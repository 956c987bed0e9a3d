package dev.junction.cli.internal;

import dev.junction.JunctionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Reads YAML files, and the *.yaml / *.yml files under folders, in a stable order. */
final class YamlFiles {
    private YamlFiles() {}

    static List<dev.junction.spec.SourceText> read(List<Path> paths) {
        List<dev.junction.spec.SourceText> texts = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new JunctionException(path + ": no such file or folder");
            }
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(path)) {
                try (Stream<Path> walk = Files.walk(path)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    throw new JunctionException("cannot list " + path + ": " + e.getMessage(), e);
                }
            } else {
                files.add(path);
            }
            for (Path file : files) {
                try {
                    long size = Files.size(file);
                    if (size > 4L * dev.junction.spec.SpecLoader.MAX_TEXT_CHARS) { // cannot fit in characters: not read at all
                        throw new JunctionException(file + ": the file is " + String.format("%,d", size) + " bytes long; a definition file may be at most "
                                + String.format("%,d", dev.junction.spec.SpecLoader.MAX_TEXT_CHARS) + " characters (split it into several files)");
                    }
                    texts.add(new dev.junction.spec.SourceText(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
                } catch (IOException | UncheckedIOException e) {
                    throw new JunctionException("cannot read " + file + ": " + e.getMessage(), e);
                }
            }
        }
        return texts;
    }
}
