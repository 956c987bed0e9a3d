package dev.junction.connector.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.spec.StreamSpec;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A page body that is a zip archive — an export or report packed as {@code .zip} (Microsoft Advertising's reports,
 * HubSpot's exports of several objects): each file in it is read in turn in the stream's format. For rows (JSONL, CSV,
 * TSV) the page is every file's rows in the archive's order; a JSON or XML stream reads an archive of one file. Folders,
 * macOS's {@code __MACOSX/} copies and hidden files are skipped. Everything the files decompress to counts against the
 * connector's {@code maxDecompressedSize}.
 */
final class ZipArchives {
    /** Reads one file of the archive; the stream stays open for the next. */
    interface EntryParser {
        JsonNode parse(InputStream file) throws IOException, PageBodyParser.Malformed;
    }

    private ZipArchives() {}

    /** Whether the bytes start like a zip archive (a local file header, or the end record of an empty archive). */
    static boolean isZip(byte[] bytes) {
        return bytes.length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && ((bytes[2] == 3 && bytes[3] == 4) || (bytes[2] == 5 && bytes[3] == 6));
    }

    static JsonNode read(byte[] bytes, StreamSpec.Format format, long maxDecompressedSize, EntryParser parser) throws PageBodyParser.Malformed {
        boolean rows = format == StreamSpec.Format.JSONL || format == StreamSpec.Format.CSV || format == StreamSpec.Format.TSV;
        ArrayNode all = JsonNodeFactory.instance.arrayNode();
        JsonNode single = null;
        List<String> names = new ArrayList<>();
        String name = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            InputStream file = new FilterInputStream(new CappedInputStream(zip, maxDecompressedSize)) {
                @Override
                public void close() {
                    // the parser closes what it read; the archive goes on to its next file
                }
            };
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                name = entry.getName();
                String base = name.substring(name.lastIndexOf('/') + 1);
                if (entry.isDirectory() || name.startsWith("__MACOSX/") || base.startsWith(".")) {
                    continue;
                }
                names.add(name);
                JsonNode page;
                try {
                    page = parser.parse(file);
                } catch (PageBodyParser.Malformed e) {
                    throw new PageBodyParser.Malformed("the zip archive's file " + name + ": " + e.getMessage(), e.getCause());
                }
                if (rows) {
                    all.addAll((ArrayNode) page);
                } else if (single != null) {
                    throw new PageBodyParser.Malformed("the zip archive holds more than one file (" + String.join(", ", names) + "); a "
                            + format.name().toLowerCase(Locale.ROOT) + " stream reads one document from it: ask the API for one file, or read"
                            + " rows (csv, tsv, jsonl)", null);
                } else {
                    single = page;
                }
            }
        } catch (CappedInputStream.TooLarge e) {
            throw new PageBodyParser.Malformed("the zip archive decompresses to more than " + CappedInputStream.describe(maxDecompressedSize) + " ("
                    + bytes.length + " bytes compressed); stopped reading it. If the API really sends bodies this large, raise"
                    + " maxDecompressedSize on the connector", e);
        } catch (CharacterCodingException e) {
            throw new PageBodyParser.Malformed("the zip archive's file " + name + " holds bytes that are not valid in its charset (UTF-8 unless the"
                    + " answer declares one)", e);
        } catch (ZipException | java.io.EOFException e) {
            throw new PageBodyParser.Malformed("the zip archive cannot be read (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new PageBodyParser.Malformed("the zip archive cannot be read (" + StreamPageReader.jsonProblem(e) + ")", e);
        }
        if (!rows && single == null) {
            throw new PageBodyParser.Malformed("the zip archive holds no file", null);
        }
        return rows ? all : single;
    }
}
