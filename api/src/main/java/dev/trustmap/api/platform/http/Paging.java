package dev.trustmap.api.platform.http;

/** Checks {@code offset}/{@code limit} query parameters: offset 0 or more, limit 1 to {@link #MAX_LIMIT}. */
public record Paging(int offset, int limit) {
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    public static Paging of(Integer offset, Integer limit) {
        return of(offset, limit, DEFAULT_LIMIT);
    }

    /**
     * @param defaultLimit the limit when none is given ({@link #MAX_LIMIT} for lists that are short by nature, such as
     *                     the tokens or a service's contracts, so that one page usually holds them all)
     */
    public static Paging of(Integer offset, Integer limit, int defaultLimit) {
        int o = offset == null ? 0 : offset;
        int l = limit == null ? defaultLimit : limit;
        if (o < 0) {
            throw ProblemException.invalid("offset", "must be 0 or more");
        }
        if (l < 1 || l > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new Paging(o, l);
    }
}
