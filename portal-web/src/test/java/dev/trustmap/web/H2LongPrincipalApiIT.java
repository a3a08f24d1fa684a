package dev.trustmap.web;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;

class H2LongPrincipalApiIT extends LongPrincipalApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.h2();
    }
}
