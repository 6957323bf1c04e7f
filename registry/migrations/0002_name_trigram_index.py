"""A pg_trgm GIN index for the staff search's name filter (`name_search LIKE '%…%'`).

PostgreSQL only: on any other database (SQLite in development) both directions do nothing.
`CREATE EXTENSION` needs a role allowed to create extensions (the database owner on PostgreSQL 13+,
pg_trgm being a trusted extension).
"""

from django.db import migrations

from portal.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS worker_name_trgm_idx ON registry_workerprofile "
                "USING gin (name_search gin_trgm_ops)",
            ],
            reverse_sql=["DROP INDEX IF EXISTS worker_name_trgm_idx"],
        ),
    ]
