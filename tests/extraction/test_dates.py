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


# Issue 11: tense, periods, anaphora ---------------------------------------------------------

MONDAY = dt.date(2016, 10, 31)


def _periods(text: str, published: dt.date | None = MONDAY) -> dict[str, tuple]:
    return {
        d.text: (d.resolved, d.resolved_end, d.granularity) for d in find_dates(text, published)
    }


def test_a_date_without_a_year_is_the_nearest_occurrence_without_a_tense_marker() -> None:
    assert _resolved("Voters go to the polls in the election on Nov. 8.", MONDAY) == {
        "Nov. 8": "2016-11-08"
    }
    assert _resolved("The outcome of the Jan. 3 session matters.", MONDAY) == {
        "Jan. 3": "2017-01-03"
    }


def test_a_date_without_a_year_follows_the_tense_of_its_sentence() -> None:
    assert _resolved("The plant closed on Dec. 1 after a long strike.", MONDAY) == {
        "Dec. 1": "2015-12-01"
    }
    assert _resolved("The council will vote on March 2.", MONDAY) == {"March 2": "2017-03-02"}
    assert _resolved("Since Jan. 3, prices have risen.", MONDAY) == {"Jan. 3": "2016-01-03"}
    assert _resolved("The fair opened on June 16th of last year.", MONDAY) == {
        "June 16th of last year": "2015-06-16"
    }


def test_future_weekdays_resolve_forwards_and_reported_ones_backwards() -> None:
    # MONDAY is 2016-10-31.
    assert _resolved("Attention now turns to the release Friday of the jobs data.", MONDAY) == {
        "Friday": "2016-11-04"
    }
    assert _resolved("The mayor will speak on Wednesday.", MONDAY) == {"Wednesday": "2016-11-02"}
    assert _resolved("The mayor said Friday that the plan will pass.", MONDAY) == {
        "Friday": "2016-10-28"
    }
    assert _resolved("The plant closed on Friday.", MONDAY) == {"Friday": "2016-10-28"}


def test_bare_years_and_month_years_are_periods() -> None:
    found = _periods("In 2004 the law passed; since 2013 it was amended, and in May 2019 it ended.")
    assert found["2004"] == ("2004-01-01", "2004-12-31", "year")
    assert found["2013"] == ("2013-01-01", "2013-12-31", "year")
    assert found["May 2019"] == ("2019-05-01", "2019-05-31", "month")
    assert "2016" not in _periods("The 2016 election drew 2016 volunteers.")


def test_relative_periods_cover_the_whole_week_month_or_year() -> None:
    found = _periods("Last year, this week, next month and this year.")
    assert found["Last year"] == ("2015-01-01", "2015-12-31", "year")
    assert found["this week"] == ("2016-10-31", "2016-11-06", "week")
    assert found["next month"] == ("2016-11-01", "2016-11-30", "month")
    assert found["this year"] == ("2016-01-01", "2016-12-31", "year")
    assert _periods("It rained today.")["today"] == ("2016-10-31", "2016-10-31", "day")


def test_the_same_day_takes_the_day_mentioned_before_it() -> None:
    found = _periods("The bill passed on Oct. 12, 2016. The governor signed it the same day.")
    assert found["the same day"] == ("2016-10-12", "2016-10-12", "day")
    found = _periods("Talks began on Oct. 3, 2016, and ended the following day.")
    assert found["the following day"] == ("2016-10-04", "2016-10-04", "day")
    assert _periods("Nothing happened the same day.")["the same day"] == (None, None, None)
    assert _periods("He left the day before the vote.")["the day before"] == (None, None, None)


def test_usa_today_is_a_newspaper_not_a_date() -> None:
    assert _resolved("She told USA Today about it.", MONDAY) == {}


def test_a_year_after_of_belongs_to_the_date_and_a_duration_is_no_period() -> None:
    assert _resolved("He filed on a September 21st of 2012, late.", MONDAY) == {
        "September 21st of 2012": "2012-09-21"
    }
    assert _resolved("Over the last year-and-a-half prices rose.", MONDAY) == {}
