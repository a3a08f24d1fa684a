package dev.trustmap.database.platform;

import dev.trustmap.database.testing.TestDatabases;

class PostgresRepositoriesIT extends RepositoryContract {
    @Override
    DatabaseSettings settings() {
        return TestDatabases.postgres();
    }
}
