"""A pg_trgm GIN index for the LKS name filters (`name_search LIKE '%…%'`) of the queues and the
public register. PostgreSQL only; elsewhere both directions do nothing."""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


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
