package dev.junction.connector.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import dev.junction.http.HttpRequest;
import dev.junction.json.internal.XmlTrees;
import dev.junction.http.HttpResponse;
import dev.junction.json.TextDecoding;
import dev.junction.spec.StreamSpec;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Turns one page body into a JSON tree, in the stream's {@link StreamSpec.Format}, reading the
 * bytes once (decompressing gzip on the way) so memory stays bounded by one page. Problems come
 * back as {@link Malformed} with a message naming the line when there is one; the caller adds the
 * stream and page, or the action. Thread-safe (it holds only configured Jackson mappers), so an
 * action shares one across calls.
 */
final class PageBodyParser {
    /** Why a body cannot be read; the message starts with what is wrong, e.g. "line 3: ...". */
    static final class Malformed extends Exception {
        Malformed(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    private final StreamSpec.Format format;
    private final ObjectMapper json;
    private final ObjectReader jsonLine;
    private final CsvMapper csv;
    private final long maxDecompressedSize;

    PageBodyParser(StreamSpec.Format format, ObjectMapper json) {
        this(format, json, dev.junction.spec.ConnectorSpec.DEFAULT_MAX_DECOMPRESSED_SIZE);
    }

    /** @param maxDecompressedSize the most bytes a gzip body may decompress to (a zip bomb stops there) */
    PageBodyParser(StreamSpec.Format format, ObjectMapper json, long maxDecompressedSize) {
        this.maxDecompressedSize = maxDecompressedSize;
        this.format = format == null ? StreamSpec.Format.JSON : format;
        this.json = json;
        this.jsonLine = json.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.csv = this.format == StreamSpec.Format.CSV || this.format == StreamSpec.Format.TSV ? new CsvMapper() : null;
    }

    StreamSpec.Format format() {
        return format;
    }

    /** The page as a tree: the document for JSON and XML, the array of lines or rows for JSONL and CSV. */
    JsonNode parse(HttpRequest request, HttpResponse response) throws Malformed {
        byte[] bytes = response.body();
        boolean gzip = isGzip(request, response, bytes);
        InputStream in = new ByteArrayInputStream(bytes);
        // a charset other than UTF-8 declared by the answer (an older API's Latin-1 JSON, a Windows-1252 CSV export) is decoded
        // strictly; XML says its own encoding in its prolog, which its parser reads
        Charset declared = TextDecoding.declared(response.header("Content-Type"));
        Charset charset = TextDecoding.isUtf8(declared) ? StandardCharsets.UTF_8 : declared;
        try {
            if (gzip) {
                in = new CappedInputStream(new GZIPInputStream(in), maxDecompressedSize);
            } else if (ZipArchives.isZip(bytes)) {
                // an export packed as a zip archive (Microsoft Advertising's reports, HubSpot's exports of several objects)
                return ZipArchives.read(bytes, format, maxDecompressedSize, entry -> parse(entry, charset));
            }
            return parse(in, charset);
        } catch (CharacterCodingException e) {
            throw undecodable(bytes, gzip, charset, declared, response, e);
        } catch (CappedInputStream.TooLarge e) {
            throw new Malformed("the gzip body" + gzipReason(request, response) + " decompresses to more than " + CappedInputStream.describe(maxDecompressedSize)
                    + " (" + response.body().length + " bytes compressed); stopped reading it. If the API really sends bodies this large,"
                    + " raise maxDecompressedSize on the connector", e);
        } catch (ZipException | EOFException e) {
            if (!gzip) {
                throw new Malformed("the body ended early (" + e.getMessage() + ")", e);
            }
            throw new Malformed("the body is marked gzip" + gzipReason(request, response) + " but cannot be decompressed (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            if (TextDecoding.decodingFailure(e) && !charset.equals(StandardCharsets.UTF_8)) { // the CSV parser wraps its reader's failure
                throw undecodable(bytes, gzip, charset, declared, response, e);
            }
            throw new Malformed("the body cannot be read (" + StreamPageReader.jsonProblem(e) + ")", e);
        }
    }

    private JsonNode parse(InputStream in, Charset charset) throws IOException, Malformed {
        return switch (format) {
            case JSON, GRAPHQL -> json(in, charset);
            case JSONRPC -> jsonRpcResult(json(in, charset));
            case JSONL -> jsonLines(in, charset);
            case CSV, TSV -> csv(in, charset);
            case XML -> xml(in);
            case SOAP -> soapBody(xml(in));
        };
    }

    /** The body holds bytes {@code charset} cannot decode: where the first are (read again from the start), and why that charset. */
    private Malformed undecodable(byte[] bytes, boolean gzip, Charset charset, Charset declared, HttpResponse response, IOException failure) {
        TextDecoding.Position at;
        try (InputStream in = gzip ? new CappedInputStream(new GZIPInputStream(new ByteArrayInputStream(bytes)), maxDecompressedSize)
                : new ByteArrayInputStream(bytes)) {
            at = TextDecoding.firstUndecodable(in, charset);
        } catch (IOException e) {
            at = null;
        }
        return new Malformed("the body " + TextDecoding.describe(at, charset, declared == null ? "the answer declares no charset, so it is read as UTF-8"
                : "as its Content-Type declares (" + response.header("Content-Type") + ")"), failure);
    }

    /** Declared by Content-Encoding, or a gzip download ({@code .gz} path or gzip content type) that really starts like gzip. */
    private static boolean isGzip(HttpRequest request, HttpResponse response, byte[] bytes) {
        String encoding = response.header("Content-Encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
            return true;
        }
        // a gzip file (an export's .gz, a storage service's object served as application/octet-stream or as the type of what it
        // holds): no text format starts with these two bytes, so they alone say gzip
        return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
    }

    private static String gzipReason(HttpRequest request, HttpResponse response) {
        String encoding = response.header("Content-Encoding");
        return encoding != null ? " (Content-Encoding: " + encoding + ")" : "";
    }

    private JsonNode json(InputStream in, Charset charset) throws IOException, Malformed {
        try {
            // UTF-8 (and a UTF-16/32 body with its byte order mark) is Jackson's to detect; another declared charset is decoded first
            JsonNode body = charset.equals(StandardCharsets.UTF_8) ? json.readTree(in) : json.readTree(TextDecoding.strictReader(in, charset));
            if (body == null || body.isMissingNode()) {
                throw new Malformed("the response body is empty", null);
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new Malformed("the response is not JSON (" + StreamPageReader.jsonProblem(e) + ")", e);
        }
    }

    /** The {@code result} of a JSON-RPC response; an {@code error} the error rules let through is still an error. */
    private static JsonNode jsonRpcResult(JsonNode body) throws Malformed {
        if (!body.isObject()) {
            throw new Malformed("expected a JSON-RPC response object but found " + (body.isArray() ? "an array" : "a " + body.getNodeType().name().toLowerCase(Locale.ROOT)), null);
        }
        JsonNode error = body.path("error");
        if (!error.isMissingNode() && !error.isNull()) {
            throw new Malformed("JSON-RPC error " + error.path("code").asText("?") + ": " + error.path("message").asText(error.toString()), null);
        }
        if (!body.has("result")) {
            throw new Malformed("the JSON-RPC response has neither 'result' nor 'error'", null);
        }
        return body.get("result");
    }

    /**
     * The content of a SOAP envelope's Body (the operation's response element); a fault the error
     * rules let through is still an error.
     */
    private static JsonNode soapBody(JsonNode envelope) throws Malformed {
        JsonNode body = envelope.path("Body");
        if (!envelope.isObject() || body.isMissingNode()) {
            throw new Malformed("expected a SOAP envelope (Envelope with a Body) but found "
                    + (envelope.isObject() && envelope.size() > 0 ? "an element holding " + String.join(", ", iterable(envelope.fieldNames())) : "no Body element"), null);
        }
        JsonNode fault = body.path("Fault");
        if (!fault.isMissingNode()) {
            throw new Malformed("the response is a SOAP fault: " + fault, null);
        }
        return body;
    }

    private static Iterable<String> iterable(java.util.Iterator<String> names) {
        return () -> names;
    }

    private JsonNode jsonLines(InputStream in, Charset charset) throws IOException, Malformed {
        ArrayNode out = json.createArrayNode();
        var lines = new BufferedReader(TextDecoding.strictReader(in, charset));
        int number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                out.add(jsonLine.readTree(line));
            } catch (JsonProcessingException e) {
                throw new Malformed("line " + number + " is not JSON (" + StreamPageReader.jsonProblem(e) + ")", e);
            }
        }
        return out;
    }

    private JsonNode csv(InputStream in, Charset charset) throws IOException, Malformed {
        ArrayNode out = json.createArrayNode();
        var reader = csv.readerFor(String[].class).with(CsvParser.Feature.WRAP_AS_ARRAY).with(CsvParser.Feature.SKIP_EMPTY_LINES);
        if (format == StreamSpec.Format.TSV) {
            reader = reader.with(com.fasterxml.jackson.dataformat.csv.CsvSchema.emptySchema().withColumnSeparator('\t').withoutQuoteChar());
        }
        try (MappingIterator<String[]> rows = charset.equals(StandardCharsets.UTF_8) ? reader.readValues(in)
                : reader.readValues(TextDecoding.strictReader(in, charset))) {
            String[] header = null;
            while (rows.hasNextValue()) {
                int line = rows.getParser().currentLocation().getLineNr();
                String[] row = rows.nextValue();
                if (header == null) {
                    header = header(row);
                    continue;
                }
                if (row.length != header.length) {
                    throw new Malformed("line " + line + ": expected " + header.length + " columns as in the header row but found " + row.length, null);
                }
                ObjectNode record = out.addObject();
                for (int i = 0; i < header.length; i++) {
                    record.put(header[i], row[i]);
                }
            }
            if (header == null) {
                throw new Malformed("the " + format + " body is empty; expected a header row naming the columns", null);
            }
        } catch (JsonProcessingException e) {
            CappedInputStream.rethrowTooLarge(e); // the CSV parser wraps a decompressed body's overflow
            throw new Malformed("the response is not valid " + format + " (" + firstLine(StreamPageReader.jsonProblem(e)) + ")", e);
        } catch (RuntimeException e) {
            CappedInputStream.rethrowTooLarge(e);
            // MappingIterator wraps parse errors in an unchecked exception
            if (e.getCause() instanceof JsonProcessingException p) {
                throw new Malformed("the response is not valid " + format + " (" + firstLine(StreamPageReader.jsonProblem(p)) + ")", p);
            }
            throw e;
        }
        return out;
    }

    private static String[] header(String[] row) throws Malformed {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < row.length; i++) {
            String name = row[i].strip();
            if (name.isEmpty()) {
                throw new Malformed("line 1: column " + (i + 1) + " of the header row has no name", null);
            }
            if (!seen.add(name)) {
                throw new Malformed("line 1: column name '" + name + "' appears twice in the header row", null);
            }
            row[i] = name;
        }
        return row;
    }

    /** Read as XML is read everywhere (see {@link XmlTrees}); no DTDs, no external entities. */
    private static JsonNode xml(InputStream in) throws IOException, Malformed {
        try {
            JsonNode body = XmlTrees.read(in);
            if (body == null || body.isMissingNode()) {
                throw new Malformed("the response body is empty", null);
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new Malformed("the response is not XML (" + XmlTrees.problem(e) + ")", e);
        }
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end).strip();
    }
}
