"""Restoring the claim tally's triggers on SQLite after a migration rebuilt claims_claim.

SQLite cannot add a foreign key column (or alter most columns) in place: Django's schema
editor copies the table into a new one and drops the old, and the triggers of 0010 that
keep claims_claimtally go with it. A migration that alters claims_claim ends with
``migrations.RunPython(_sqlite_tally.restore, migrations.RunPython.noop)``, which puts
them back and recounts the tally from the rows. On PostgreSQL ALTER TABLE keeps triggers:
nothing to do. (The leading underscore keeps Django's loader from taking this module for
a migration.)
"""

from __future__ import annotations

import importlib

_TALLY = importlib.import_module("claims.migrations.0010_scale_lists")


def restore(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    statements = [
        *_TALLY.SQLITE_UNTALLY,
        *_TALLY.SQLITE_TALLY,
        "DELETE FROM claims_claimtally",
        _TALLY.FILL.format(bucket=_TALLY.SQLITE_BUCKET.format(t="c")),
    ]
    for statement in statements:
        schema_editor.execute(statement, params=None)
