package dev.junction.spec;

/**
 * What the exchange log keeps of a connection's successful attempts ({@code exchangeLog:} on a
 * connector or a connection). A failed attempt (no answer, a non-2xx answer, or an answer an
 * {@code errors:} rule classifies as an error) is always kept in full, up to the process-wide body
 * cap, whatever this says: that is the record someone reads when a sync breaks. Every attempt keeps
 * its record (method, URL, status, timing, record keys), so the record-key index works under any
 * setting.
 *
 * @param bodies how much of a successful attempt is kept
 * @param headBytes with {@link Bodies#HEAD}: how many bytes of each body (after redaction)
 */
public record ExchangeLogSpec(Bodies bodies, int headBytes) {
    /** The default head: enough to see the shape of a page without copying 45 KB pages into the store. */
    public static final int DEFAULT_HEAD_BYTES = 4 * 1024;

    /**
     * The default: the first 4 KiB of each body of a successful attempt. Keeping every page in full
     * (up to 64 KiB) copies each page of a large sync into the store once more, for bodies that are
     * rarely read when the call succeeded; errors stay in full.
     */
    public static final ExchangeLogSpec DEFAULT = new ExchangeLogSpec(Bodies.HEAD, DEFAULT_HEAD_BYTES);

    public ExchangeLogSpec {
        bodies = bodies == null ? Bodies.HEAD : bodies;
        if (headBytes < 0) {
            throw new IllegalArgumentException("exchangeLog.headBytes: expected 0 or more bytes, was " + headBytes);
        }
    }

    /** How much of a successful attempt the exchange log keeps. */
    public enum Bodies {
        /** Both bodies, up to the process-wide cap. */
        FULL,
        /** The first {@code headBytes} of each body. */
        HEAD,
        /** Headers, no bodies. */
        HEADERS,
        /** Neither headers nor bodies: method, URL, status, timing, error and record keys only. */
        NONE;

        /** The YAML word: {@code full}, {@code head}, {@code headers}, {@code none}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
