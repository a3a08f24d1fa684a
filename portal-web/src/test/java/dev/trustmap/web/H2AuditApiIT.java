package dev.trustmap.web;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

class H2AuditApiIT extends AuditApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.h2();
    }

    /** H2 has no protection of its own: a plain UPDATE over JDBC. */
    @Override
    void tamper(long seq, String reason) throws SQLException {
        try (Connection connection = DriverManager.getConnection(portal.db.url(), portal.db.user(), portal.db.password());
             PreparedStatement update = connection.prepareStatement("UPDATE audit_entry SET reason = ? WHERE seq = ?")) {
            update.setString(1, reason);
            update.setLong(2, seq);
            if (update.executeUpdate() != 1) {
                throw new AssertionError("no entry " + seq);
            }
        }
    }
}
