package dev.junction.json;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;

/**
 * Bytes to text for bodies and files that are not decoded by Jackson's own UTF-8 reader: a charset
 * a response declares ({@code Content-Type: text/csv; charset=windows-1252}) or a file source's
 * {@code encoding}. Decoding is strict: bytes that are not valid in the charset fail the read with
 * {@link #describe a message} saying where, instead of becoming U+FFFD in the records written (a
 * Windows-1252 export read as UTF-8 would otherwise send "Caf\uFFFD" to the destination).
 */
public final class TextDecoding {
    private TextDecoding() {}

    /** A reader of {@code in} in {@code charset} that refuses malformed and unmappable input. */
    public static Reader strictReader(InputStream in, Charset charset) {
        return new InputStreamReader(in, charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
    }

    /**
     * The charset a {@code Content-Type} value declares ({@code ...; charset=ISO-8859-1}); null when it
     * declares none, or one this JVM does not know (the body is then read as UTF-8, JSON's own encoding).
     */
    public static Charset declared(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String part : contentType.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                return known(part.substring(eq + 1).strip().replace("\"", ""));
            }
        }
        return null;
    }

    /** The charset named {@code name} (a canonical name or an alias: {@code UTF-8}, {@code windows-1252}, {@code latin1}); null when unknown. */
    public static Charset known(String name) {
        try {
            return name.isEmpty() || !Charset.isSupported(name) ? null : Charset.forName(name);
        } catch (IllegalCharsetNameException e) {
            return null;
        }
    }

    /** Whether {@code charset} is UTF-8, which Jackson's readers decode themselves. */
    public static boolean isUtf8(Charset charset) {
        return charset == null || charset.equals(StandardCharsets.UTF_8);
    }

    /** Where the first bytes a charset cannot decode are: the line (from 1) and the offset of their first byte (from 0). */
    public record Position(long line, long byteOffset) {}

    /**
     * Finds the first bytes of {@code in} that {@code charset} cannot decode, for an error message: a reader
     * fails where its buffer reached them, which may be lines after the record being read. Reads {@code in}
     * to that point; null when everything decodes.
     */
    public static Position firstUndecodable(InputStream in, Charset charset) throws IOException {
        CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(8192);
        CharBuffer chars = CharBuffer.allocate(8192);
        long consumed = 0;
        long line = 1;
        boolean end = false;
        while (true) {
            if (!end) {
                int n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
                if (n < 0) {
                    end = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
            }
            bytes.flip();
            int before = bytes.position();
            CoderResult result = decoder.decode(bytes, chars, end);
            consumed += bytes.position() - before;
            chars.flip();
            while (chars.hasRemaining()) {
                if (chars.get() == '\n') {
                    line++;
                }
            }
            chars.clear();
            if (result.isError()) {
                return new Position(line, consumed);
            }
            bytes.compact();
            if (end && result.isUnderflow()) {
                return null;
            }
        }
    }

    /** What undecodable bytes at {@code at} (null: somewhere) mean, for an error message, with what to set when the charset is the wrong one. */
    public static String describe(Position at, Charset charset, String remedy) {
        return (at == null ? "holds" : "line " + at.line() + " (byte " + at.byteOffset() + ") holds") + " bytes that are not valid " + charset.name()
                + "; " + remedy;
    }

    /** Whether {@code e}, or one of its causes, is a failure to decode bytes (a parser may wrap its reader's). */
    public static boolean decodingFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.charset.CharacterCodingException) {
                return true;
            }
        }
        return false;
    }

    /** The names to suggest when an encoding is unknown. */
    public static String examples() {
        return "a charset name such as UTF-8, windows-1252, ISO-8859-1, UTF-16 or Shift_JIS";
    }
}
