"""Migration 0018: a pair of partial search indexes per score band, in place of the
band-keyed pair of 0016, and the full pair back for searches that read no band. Run for
real, forward and back, with Django's MigrationExecutor (PostgreSQL only: SQLite has none
of these indexes)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL indexes"),
]
BEFORE, AFTER = ("claims", "0017_source_recent"), ("claims", "0018_search_band_partials")
BANDS = range(21)


def search_indexes() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'claims_claim' "
            "AND (indexname LIKE 'claim_search_vector%%' OR indexname LIKE 'claim_text_trgm%%' "
            "OR indexname LIKE 'claim_band_%%')"
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture
def back_to_latest():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_each_band_has_its_own_pair_of_search_indexes_and_going_back_restores_0016(
    back_to_latest,
):
    after = {"claim_search_vector", "claim_text_trgm"}
    after |= {f"claim_search_vector_b{band}" for band in BANDS}
    after |= {f"claim_text_trgm_b{band}" for band in BANDS}
    assert search_indexes() == after

    MigrationExecutor(connection).migrate([BEFORE])
    assert search_indexes() == {"claim_band_search_vector", "claim_band_text_trgm"}

    MigrationExecutor(connection).migrate([AFTER])
    assert search_indexes() == after
