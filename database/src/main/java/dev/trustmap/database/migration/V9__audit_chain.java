package dev.trustmap.database.migration;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The audit chain: {@code audit_entry}, one row per write, each holding the hash of the one before
 * (seq 1, 2, 3… without gaps), and {@code audit_head}, one row naming the last entry: appending locks
 * it ({@code SELECT … FOR UPDATE}), so concurrent writers make one linear chain.
 *
 * <p>The tables are plain SQL valid on H2 and PostgreSQL. On PostgreSQL the migration also makes
 * {@code audit_entry} append-only as far as a migration can: {@code UPDATE}, {@code DELETE} and
 * {@code TRUNCATE} are revoked from {@code PUBLIC}, and triggers refuse them for everyone, the
 * table's owner included (only the owner can disable or drop them). A second role that may only
 * {@code INSERT} and {@code SELECT} is set up by hand (README, "Audit chain"): a migration cannot
 * create roles portably. In Java because H2 has no PL/pgSQL.
 */
public final class V9__audit_chain extends BaseJavaMigration {
    /** The {@code prev_hash} of entry 1. */
    public static final String GENESIS = "0".repeat(64);

    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TABLE audit_entry (
                        seq           BIGINT PRIMARY KEY,
                        occurred_at   TIMESTAMP WITH TIME ZONE NOT NULL,
                        actor         VARCHAR(200) NOT NULL,
                        action        VARCHAR(50) NOT NULL,
                        target        VARCHAR(2500) NOT NULL,
                        reason        VARCHAR(10000),
                        request_id    VARCHAR(100),
                        before_digest VARCHAR(64),
                        after_digest  VARCHAR(64),
                        prev_hash     VARCHAR(64) NOT NULL,
                        hash          VARCHAR(64) NOT NULL
                    )""");
            statement.execute("CREATE INDEX audit_entry_actor_idx ON audit_entry (actor, seq)");
            statement.execute("CREATE INDEX audit_entry_action_idx ON audit_entry (action, seq)");
            statement.execute("CREATE INDEX audit_entry_target_idx ON audit_entry (target, seq)");
            statement.execute("CREATE INDEX audit_entry_time_idx ON audit_entry (occurred_at)");
            statement.execute("""
                    CREATE TABLE audit_head (
                        id   INTEGER PRIMARY KEY,
                        seq  BIGINT NOT NULL,
                        hash VARCHAR(64) NOT NULL
                    )""");
            statement.execute("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '" + GENESIS + "')");
            if (postgres) {
                statement.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM PUBLIC");
                statement.execute("""
                        CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = '42501';
                        END
                        $$""");
                statement.execute("""
                        CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry
                            FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()""");
                statement.execute("""
                        CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry
                            FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()""");
            }
        }
    }
}
