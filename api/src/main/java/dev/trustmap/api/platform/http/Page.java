package dev.trustmap.api.platform.http;

import java.util.List;

/**
 * One page of a list: every list of the native API answers {@code {items, total, offset, limit}}
 * ({@code total} counts every item, not only those on the page).
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    /** The asked page of a list that is read whole anyway (a service's contracts, the tokens…): {@code total} is its size. */
    public static <T> Page<T> of(List<T> all, Paging paging) {
        int from = Math.min(all.size(), paging.offset());
        int to = (int) Math.min(all.size(), (long) from + paging.limit());
        return new Page<>(all.subList(from, to), all.size(), paging.offset(), paging.limit());
    }
}
