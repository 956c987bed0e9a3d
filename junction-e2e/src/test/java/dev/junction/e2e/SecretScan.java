package dev.junction.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A search for known secret values in what a server left behind: files (binary-safe, byte for byte),
 * logs and API answers. Each secret is registered under a label, and looked for in every form it could
 * take where it is written: as it is (UTF-8), URL-encoded, and Base64 (standard and URL-safe) at each of
 * the three byte alignments — so a secret inside a Basic {@code Authorization} header or a Base64 blob is
 * found too. A hit names the source and the label and form, never the value, so a failure message does
 * not leak what it found.
 */
final class SecretScan {
    /** One secret found: where, which (by label), in which form, and at which byte offset. */
    record Hit(String source, String label, String form, long offset) {
        @Override
        public String toString() {
            return label + " (" + form + ") in " + source + " at byte " + offset;
        }
    }

    /** Shorter Base64 fragments than this are not searched: they would match by chance. */
    private static final int SHORTEST_FRAGMENT = 12;

    /** label → form → the bytes looked for. */
    private final Map<String, Map<String, String>> needles = new LinkedHashMap<>();

    /** Registers {@code value} (a text secret) under {@code label}. @return this */
    SecretScan secret(String label, String value) {
        return secret(label, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Registers {@code raw} (a secret's bytes, e.g. a key) under {@code label}. @return this */
    SecretScan secret(String label, byte[] raw) {
        if (raw.length < 8) {
            throw new IllegalArgumentException(label + ": a secret of " + raw.length + " bytes would match by chance; give at least 8");
        }
        if (needles.containsKey(label)) {
            throw new IllegalArgumentException("secret label '" + label + "' given twice");
        }
        needles.put(label, forms(raw));
        return this;
    }

    /** The labels of the secrets registered. */
    List<String> labels() {
        return List.copyOf(needles.keySet());
    }

    /** The forms of {@code raw} searched for: form name → the bytes, each byte one char (ISO-8859-1). */
    static Map<String, String> forms(byte[] raw) {
        Map<String, String> forms = new LinkedHashMap<>();
        String plain = new String(raw, StandardCharsets.ISO_8859_1);
        forms.put("plain", plain);
        String utf8 = new String(raw, StandardCharsets.UTF_8);
        String urlEncoded = URLEncoder.encode(utf8, StandardCharsets.UTF_8);
        if (!urlEncoded.equals(utf8)) {
            forms.put("URL-encoded", urlEncoded);
        }
        for (int shift = 0; shift < 3; shift++) {
            byte[] shifted = new byte[shift + raw.length];
            System.arraycopy(raw, 0, shifted, shift, raw.length);
            for (boolean urlSafe : new boolean[] {false, true}) {
                String encoded = (urlSafe ? Base64.getUrlEncoder() : Base64.getEncoder()).withoutPadding().encodeToString(shifted);
                // only the characters that depend on the secret's bytes alone: not the first group when it holds the shift's bytes
                int from = shift == 0 ? 0 : 4;
                int to = 4 * (shifted.length / 3); // whole groups only: a partial last group depends on the byte after the secret
                if (to - from >= SHORTEST_FRAGMENT) {
                    forms.putIfAbsent("Base64" + (urlSafe ? "url" : "") + " +" + shift, encoded.substring(from, to));
                }
            }
        }
        forms.values().removeIf(v -> v.length() < SHORTEST_FRAGMENT && !v.equals(plain));
        // a form equal to one before it finds nothing new
        Map<String, String> distinct = new LinkedHashMap<>();
        forms.forEach((name, value) -> {
            if (!distinct.containsValue(value)) {
                distinct.put(name, value);
            }
        });
        return distinct;
    }

    /** Every secret in {@code content} (a file's bytes, a log, an answer), in every form. */
    List<Hit> scan(String source, byte[] content) {
        String haystack = new String(content, StandardCharsets.ISO_8859_1); // byte for byte; String.indexOf is vectorized
        List<Hit> hits = new ArrayList<>();
        needles.forEach((label, forms) -> forms.forEach((form, needle) -> {
            int at = haystack.indexOf(needle);
            if (at >= 0) {
                hits.add(new Hit(source, label, form, at));
            }
        }));
        return hits;
    }

    /** Every secret in {@code text} (UTF-8). */
    List<Hit> scan(String source, String text) {
        return scan(source, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Every secret in every file under {@code dir}, each file named relative to {@code name}. */
    List<Hit> scanTree(String name, Path dir) {
        List<Hit> hits = new ArrayList<>();
        for (Path file : files(dir)) {
            hits.addAll(scan(name + "/" + dir.relativize(file), read(file)));
        }
        return hits;
    }

    /** How many files under {@code dir} there are, and how many bytes they hold: what a scan read. */
    static long[] size(Path dir) {
        List<Path> files = files(dir);
        long bytes = 0;
        for (Path file : files) {
            try {
                bytes += Files.size(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new long[] {files.size(), bytes};
    }

    private static List<Path> files(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }
}
