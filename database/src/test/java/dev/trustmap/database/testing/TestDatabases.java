package dev.trustmap.database.testing;

import dev.trustmap.database.platform.DatabaseSettings;
import java.util.UUID;

/** Fresh, empty databases for tests: an in-memory H2 or a new database on the test PostgreSQL. */
public final class TestDatabases {
    private TestDatabases() {
    }

    public static DatabaseSettings h2() {
        return new DatabaseSettings("jdbc:h2:mem:" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "", 8, 3_000);
    }

    public static DatabaseSettings postgres() {
        return PostgresTestServer.get().newDatabase();
    }

    public static DatabaseSettings of(String kind) {
        return switch (kind) {
            case "h2" -> h2();
            case "postgres" -> postgres();
            default -> throw new IllegalArgumentException(kind);
        };
    }
}
