package dev.junction.spec;

import java.nio.file.*;
import java.util.*;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void print() throws Exception {
        List<SourceText> base = new ArrayList<>();
        try (var w = Files.walk(Path.of("src/test/resources/specs/valid"))) {
            for (Path p : w.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).filter(p -> !p.toString().contains(".hidden")).sorted().toList()) {
                base.add(new SourceText(p.getFileName().toString(), Files.readString(p)));
            }
        }
        StringBuilder out = new StringBuilder();
        String all = Files.readString(Path.of("/root/specwork/cases.txt"));
        for (String c : all.split("\n=== ")) {
            String name = c.substring(0, c.indexOf('\n')).replace("=== ", "");
            String yaml = c.substring(c.indexOf('\n') + 1);
            List<SourceText> texts = new ArrayList<>(base);
            texts.add(new SourceText("case.yaml", yaml));
            out.append("## ").append(name).append('\n');
            for (SpecProblem p : new SpecLoader().loadTexts(texts).problems()) out.append(p).append('\n');
        }
        Files.writeString(Path.of("/root/specwork/out.txt"), out);
    }
}
