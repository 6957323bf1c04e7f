"""Inserting many rows at once: COPY on PostgreSQL (psycopg 3 `cursor.copy`), `bulk_create` elsewhere.

`insert(model, objects)` gives each object a primary key first (reserved from the table's sequence), so that
what depends on the key (a credential's place in the status lists, a row pointing at another) is known before
the rows go in. Field values are prepared by the fields themselves (`pre_save`: `auto_now_add`; then
`get_db_prep_save`), as `bulk_create` prepares them; model `save()` methods and signals do not run (the same as
`bulk_create`). The register import inserts 100,000 rows per table this way (docs/import.md).
"""

from django.db import connection


def reserve_ids(model, count):
    """`count` primary keys from the table's sequence (PostgreSQL)."""
    if not count:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def assign_ids(model, objects):
    """Give the objects without a primary key one (PostgreSQL); returns whether keys were assigned."""
    if connection.vendor != "postgresql":
        return False
    missing = [obj for obj in objects if obj.pk is None]
    for obj, pk in zip(missing, reserve_ids(model, len(missing))):
        obj.pk = pk
    return True


def insert(model, objects, *, batch_size=2000):
    """Insert `objects` (instances of `model`) and return them with their primary keys."""
    objects = list(objects)
    if not objects:
        return objects
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(objects, batch_size=batch_size)
        return objects
    assign_ids(model, objects)
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([field.get_db_prep_save(field.pre_save(obj, True), connection) for field in fields])
    for obj in objects:
        obj._state.adding = False
        obj._state.db = connection.alias
    return objects
