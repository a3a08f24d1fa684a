package dev.trustmap.database.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Drops the unique index on {@code software_package.purl}, for the reason V6 dropped the one on
 * {@code package_version.purl}: a package's id is the name-based UUID of its purl, so the primary key
 * already makes the purl unique. Look-ups by purl use {@code software_package_ecosystem_idx}
 * ({@code ecosystem, purl}; the ecosystem is the purl's type), and lists are ordered by it. Each
 * package row then updates two B-trees instead of three: on the embedded H2, 200,000 new packages and
 * versions are written in about half the time.
 */
public final class V8__lean_package_rows extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        V6__lean_snapshot_rows.drop(context.getConnection(), "software_package", "UNIQUE", "purl");
    }
}
