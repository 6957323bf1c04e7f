"""Migration operations of the kernel, for the apps' migrations."""

from django.db import migrations


class PostgresOnlySQL(migrations.RunSQL):
    """RunSQL that runs on PostgreSQL only (pg_trgm indexes, triggers): on any other database (SQLite in
    development) both directions do nothing. `CREATE EXTENSION pg_trgm` needs a role allowed to create
    extensions (the database owner on PostgreSQL 13+, pg_trgm being a trusted extension)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
