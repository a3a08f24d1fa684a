package dev.trustmap.database.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops four constraints that cost a large ingestion most of its database time and protect
 * nothing the ingestion does not already guarantee:
 * <ul>
 *   <li>the unique index on {@code package_version.purl}: a version's id is the name-based UUID of
 *       its purl, so the primary key already makes the purl unique; the index held a second copy of
 *       every purl (up to 2,048 characters), and nothing looks versions up by purl;</li>
 *   <li>the foreign keys of {@code package_usage.snapshot_id} and {@code dependency_edge.snapshot_id}:
 *       both bulk tables are written only by the transaction that has just inserted their snapshot,
 *       and snapshots are never deleted; the row-by-row trigger checks cost as much as the inserts
 *       (the version references of these rows were left unchecked in V1 for the same reason);</li>
 *   <li>the foreign key of {@code package_version.package_id}: a version is only ever inserted in the
 *       statement after its package's, in the same transaction, and packages are never deleted.</li>
 * </ul>
 * In Java because the constraints were created unnamed and PostgreSQL and H2 named them
 * differently: the names are read from the information schema.
 */
public final class V6__lean_snapshot_rows extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        drop(connection, "package_version", "UNIQUE", "purl");
        drop(connection, "package_usage", "FOREIGN KEY", "snapshot_id");
        drop(connection, "dependency_edge", "FOREIGN KEY", "snapshot_id");
        drop(connection, "package_version", "FOREIGN KEY", "package_id");
    }

    static void drop(Connection connection, String table, String type, String column) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT tc.constraint_name FROM information_schema.table_constraints tc
                JOIN information_schema.key_column_usage k
                  ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
                WHERE LOWER(tc.table_name) = ? AND tc.constraint_type = ? AND LOWER(k.column_name) = ?""")) {
            query.setString(1, table);
            query.setString(2, type);
            query.setString(3, column);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        if (names.size() != 1) {
            throw new IllegalStateException("Expected one " + type + " constraint on " + table + "." + column + ", found " + names);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + table + " DROP CONSTRAINT \"" + names.get(0).replace("\"", "\"\"") + "\"");
        }
    }
}
