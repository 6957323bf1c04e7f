"""pg_trgm GIN indexes for the admins' credential search (`CredentialQuerySet.matching`): the holder's
name (`UPPER(holder_name) LIKE '%…%'`, what icontains writes) and the compact number (`lookup LIKE
'%…%'`). PostgreSQL only."""

from django.db import migrations

from portal.core.migration_ops import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [("credentials", "0002_numbers_signing_pdf_batches")]

    operations = [
        PostgresOnlySQL(
            sql=[
                "CREATE EXTENSION IF NOT EXISTS pg_trgm",
                "CREATE INDEX IF NOT EXISTS credential_holder_trgm_idx ON credentials_credential "
                "USING gin ((UPPER(holder_name::text)) gin_trgm_ops)",
                "CREATE INDEX IF NOT EXISTS credential_lookup_trgm_idx ON credentials_credential "
                "USING gin (lookup gin_trgm_ops)",
            ],
            reverse_sql=["DROP INDEX IF EXISTS credential_holder_trgm_idx", "DROP INDEX IF EXISTS credential_lookup_trgm_idx"],
        ),
    ]
