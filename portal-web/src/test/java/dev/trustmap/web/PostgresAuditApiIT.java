package dev.trustmap.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL the migration makes audit_entry append-only: the portal's own connection cannot
 * change a row, and a role set up as the README says (INSERT and SELECT only) cannot even disable
 * the trigger. An owner who disables it is still found out by verification.
 */
class PostgresAuditApiIT extends AuditApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.postgres();
    }

    /** As the table's owner (the tests' superuser), with the append-only trigger disabled for the edit. */
    @Override
    void tamper(long seq, String reason) throws SQLException {
        try (Connection connection = DriverManager.getConnection(portal.db.url(), portal.db.user(), portal.db.password())) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement();
                 PreparedStatement update = connection.prepareStatement("UPDATE audit_entry SET reason = ? WHERE seq = ?")) {
                statement.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change");
                update.setString(1, reason);
                update.setLong(2, seq);
                assertThat(update.executeUpdate()).isEqualTo(1);
                statement.execute("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_no_change");
            }
            connection.commit();
        }
    }

    @Test
    @Order(10)
    void thePortalsConnectionCannotChangeOrDeleteAnEntry() throws SQLException {
        try (Connection connection = DriverManager.getConnection(portal.db.url(), portal.db.user(), portal.db.password());
             Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_entry WHERE seq = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("TRUNCATE audit_entry"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
        assertThat(verify().path("valid").asBoolean()).isTrue();
    }

    @Test
    @Order(11)
    void aRoleWithTheReadmesGrantsMayAppendButNeitherChangeNorDisableTheProtection() throws SQLException {
        String role = "trustmap_app_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String database = portal.db.url().substring(portal.db.url().lastIndexOf('/') + 1);
        try (Connection owner = DriverManager.getConnection(portal.db.url(), portal.db.user(), portal.db.password());
             Statement statement = owner.createStatement()) {
            // the README's setup, as the owner role
            statement.execute("CREATE ROLE " + role + " LOGIN");
            statement.execute("GRANT CONNECT ON DATABASE " + database + " TO " + role);
            statement.execute("GRANT USAGE ON SCHEMA public TO " + role);
            statement.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
            statement.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM " + role);
        }
        try (Connection app = DriverManager.getConnection(portal.db.url(), role, "");
             Statement statement = app.createStatement()) {
            assertThat(statement.executeQuery("SELECT COUNT(*) FROM audit_entry").next()).isTrue();
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_entry SET actor = 'x' WHERE seq = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_entry WHERE seq = 1"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> statement.execute("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("must be owner");
            // appending is what it may do (rolled back: a row outside the chain would break it)
            app.setAutoCommit(false);
            try (Statement lock = app.createStatement()) {
                lock.executeQuery("SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE").close();
            }
            app.rollback();
        }
        assertThat(verify().path("valid").asBoolean()).isTrue();
    }
}
