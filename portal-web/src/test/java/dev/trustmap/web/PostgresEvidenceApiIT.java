package dev.trustmap.web;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;

class PostgresEvidenceApiIT extends EvidenceApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.postgres();
    }
}
