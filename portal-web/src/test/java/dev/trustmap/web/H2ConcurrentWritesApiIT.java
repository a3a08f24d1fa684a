package dev.trustmap.web;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;

class H2ConcurrentWritesApiIT extends ConcurrentWritesApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.h2();
    }
}
