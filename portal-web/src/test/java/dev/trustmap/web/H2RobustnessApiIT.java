package dev.trustmap.web;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;

class H2RobustnessApiIT extends RobustnessApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.h2();
    }
}
