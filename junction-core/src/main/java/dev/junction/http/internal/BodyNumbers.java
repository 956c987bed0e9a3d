package dev.junction.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.junction.http.HttpResponse;
import dev.junction.json.JsonPath;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads numbers at a few paths of field names ({@code $.extensions.cost.requestedQueryCost}) from a JSON
 * answer as it streams by, without building its tree: the branches no path enters (a page's records)
 * are skipped token by token. A gzip answer is read through its decompression. Thread-safe.
 */
final class BodyNumbers {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final String[][] paths;

    /** @param paths JSON paths of field names only; a null entry is never found */
    BodyNumbers(List<String> paths) {
        this.paths = new String[paths.size()][];
        for (int i = 0; i < paths.size(); i++) {
            String text = paths.get(i);
            if (text == null) {
                continue;
            }
            List<Object> steps = JsonPath.parse(text).steps();
            List<String> keys = new ArrayList<>();
            for (Object step : steps) {
                if (!(step instanceof String key)) {
                    throw new IllegalArgumentException("'" + text + "': expected a path of field names, found an index");
                }
                keys.add(key);
            }
            this.paths[i] = keys.toArray(String[]::new);
        }
    }

    /**
     * The number at each path, in the order given; NaN where a path is absent or holds no number (a number
     * written as text, "50.0", counts). All NaN when the answer is not JSON.
     */
    double[] read(HttpResponse response) {
        double[] found = new double[paths.length];
        Arrays.fill(found, Double.NaN);
        if (response.bodyLength() == 0) {
            return found;
        }
        try (InputStream in = open(response); JsonParser parser = JSON.createParser(in)) {
            if (parser.nextToken() == JsonToken.START_OBJECT) {
                object(parser, 0, all(), found);
            }
        } catch (IOException | RuntimeException e) {
            // not JSON, or cut short: what was found before stays, the rest is unknown
        }
        return found;
    }

    private boolean[] all() {
        boolean[] candidates = new boolean[paths.length];
        for (int i = 0; i < paths.length; i++) {
            candidates[i] = paths[i] != null && paths[i].length > 0;
        }
        return candidates;
    }

    /** Reads the object the parser is at (its START_OBJECT read), for the candidates whose first {@code depth} keys led here. */
    private void object(JsonParser parser, int depth, boolean[] candidates, double[] found) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            boolean[] deeper = null;
            for (int i = 0; i < paths.length; i++) {
                if (!candidates[i] || !paths[i][depth].equals(name)) {
                    continue;
                }
                if (paths[i].length == depth + 1) {
                    found[i] = number(parser, value);
                } else if (value == JsonToken.START_OBJECT) {
                    if (deeper == null) {
                        deeper = new boolean[paths.length];
                    }
                    deeper[i] = true;
                }
            }
            if (deeper != null) {
                object(parser, depth + 1, deeper, found);
            } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                parser.skipChildren();
            }
        }
    }

    private static double number(JsonParser parser, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
            return parser.getDoubleValue();
        }
        if (value == JsonToken.VALUE_STRING) {
            try {
                return Double.parseDouble(parser.getText().strip());
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    private static InputStream open(HttpResponse response) throws IOException {
        InputStream in = response.bodyStream();
        String encoding = response.header("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            BufferedInputStream buffered = new BufferedInputStream(in, 2);
            buffered.mark(2);
            boolean magic = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            return magic ? new GZIPInputStream(buffered) : buffered;
        }
        return in;
    }
}
