package dev.trustmap.web;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;

class PostgresConcurrentWritesApiIT extends ConcurrentWritesApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.postgres();
    }
}
