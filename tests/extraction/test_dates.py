from __future__ import annotations

import datetime as dt

from claims.extraction.dates import find_dates

THURSDAY = dt.date(2019, 8, 8)


def _resolved(text: str, published: dt.date | None = THURSDAY) -> dict[str, str | None]:
    return {d.text: d.resolved for d in find_dates(text, published)}


def test_a_weekday_is_the_latest_such_day_on_or_before_publication() -> None:
    assert _resolved("Raids took place on Wednesday.") == {"Wednesday": "2019-08-07"}
    assert _resolved("It ends Thursday.") == {"Thursday": "2019-08-08"}


def test_next_weekday_is_after_publication() -> None:
    assert _resolved("Hearings resume next Monday.") == {"next Monday": "2019-08-12"}


def test_explicit_dates_in_several_formats() -> None:
    found = _resolved("August 7, 2019, Aug. 7 and 2019-08-07 and on July 4th.")
    assert found == {
        "August 7, 2019": "2019-08-07",
        "Aug. 7": "2019-08-07",
        "2019-08-07": "2019-08-07",
        "July 4th": "2019-07-04",
    }


def test_relative_expressions_resolve_against_publication() -> None:
    found = _resolved("Yesterday, last night, today, this week and last month.")
    assert found == {
        "Yesterday": "2019-08-07",
        "last night": "2019-08-07",
        "today": "2019-08-08",
        "this week": "2019-08-05",
        "last month": "2019-07-01",
    }


def test_without_publication_relative_dates_stay_unresolved() -> None:
    assert _resolved("It happened on Wednesday, August 7, 2019.", None) == {
        "Wednesday": None,
        "August 7, 2019": "2019-08-07",
    }
