package dev.junction.sync;

import java.util.Objects;

/**
 * A {@link RecordSource.Reader} that hands everything to another one; a subclass overrides
 * {@link #nextPage()} (to sample, bound or trace the pages) and keeps the rest: what is accounted
 * for, whether it may be read ahead, how many records to expect.
 */
public abstract class ForwardingReader implements RecordSource.Reader {
    protected final RecordSource.Reader reader;

    protected ForwardingReader(RecordSource.Reader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    @Override
    public void accounted() {
        reader.accounted();
    }

    @Override
    public void accountedPages(long pages) {
        reader.accountedPages(pages);
    }

    @Override
    public boolean prefetchable() {
        return reader.prefetchable();
    }

    @Override
    public ExpectedTotal expected() {
        return reader.expected();
    }
}
