package dev.trustmap.web;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;

class PostgresPolicyApiIT extends PolicyApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.postgres();
    }
}
