package dev.trustmap.web;

import dev.trustmap.database.platform.DatabaseSettings;
import dev.trustmap.database.testing.TestDatabases;

class H2PortalApiIT extends PortalApiContract {
    @Override
    DatabaseSettings newDatabase() {
        return TestDatabases.h2();
    }
}
