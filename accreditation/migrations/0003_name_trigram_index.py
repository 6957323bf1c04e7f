"""A pg_trgm GIN index for the LKS name filters (`name_search LIKE '%…%'`) of the queues and the
public register. PostgreSQL only; elsewhere both directions do nothing."""

from django.db import migrations

from portal.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("accreditation", "0002_instrument_v1")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS lks_name_trgm_idx ON accreditation_institution "
                "USING gin (name_search gin_trgm_ops)",
            ],
            reverse_sql=["DROP INDEX IF EXISTS lks_name_trgm_idx"],
        ),
    ]
