package dev.trustmap.database.platform;

import dev.trustmap.database.testing.TestDatabases;

class H2RepositoriesIT extends RepositoryContract {
    @Override
    DatabaseSettings settings() {
        return TestDatabases.h2();
    }
}
