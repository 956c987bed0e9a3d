package dev.junction.store;

import java.util.List;

/**
 * One page of a newest-first list. {@code nextCursor} asks for the page after it (the query's
 * {@code after}); it is null when there are no more items.
 */
public record ResultPage<T>(List<T> items, String nextCursor) {
    public ResultPage {
        items = List.copyOf(items);
    }
}
