package dev.junction.connector.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads at most {@code limit} bytes, then fails with {@link TooLarge}: a decompressed body cannot grow without bound. */
final class CappedInputStream extends FilterInputStream {
    /** More bytes than the cap. */
    static final class TooLarge extends IOException {
        TooLarge(long limit) {
            super("more than " + limit + " bytes");
        }
    }

    private final long limit;
    private long read;

    /** Throws the {@link TooLarge} that caused {@code failure}, when one did (a parser may wrap its stream's failure). */
    static void rethrowTooLarge(Throwable failure) throws TooLarge {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TooLarge tooLarge) {
                throw tooLarge;
            }
        }
    }

    CappedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) throws TooLarge {
        read += n;
        if (read > limit) {
            throw new TooLarge(limit);
        }
    }

    /** {@code 512 MB}, {@code 64 KB} or {@code 1000 bytes}: the cap as a person reads it (units of 1024). */
    static String describe(long bytes) {
        if (bytes % (1024L * 1024 * 1024) == 0) {
            return bytes / (1024L * 1024 * 1024) + " GB";
        }
        if (bytes % (1024L * 1024) == 0) {
            return bytes / (1024L * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
