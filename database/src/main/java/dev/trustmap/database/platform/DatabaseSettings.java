package dev.trustmap.database.platform;

/**
 * Where the database is and how many connections to keep.
 *
 * @param url      JDBC URL ({@code jdbc:postgresql:…} or {@code jdbc:h2:…})
 * @param user     user name, may be empty for H2
 * @param password password, may be empty for H2
 * @param poolSize maximum pool size
 * @param connectTimeoutMillis how long a caller waits for a connection before the database counts as unreachable
 */
public record DatabaseSettings(String url, String user, String password, int poolSize, long connectTimeoutMillis) {

    public boolean isPostgres() {
        return url.startsWith("jdbc:postgresql:");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
    }
}
