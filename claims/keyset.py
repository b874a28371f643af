"""Keyset pages: a page starts after (or ends before) the sort key of a row, never at an
OFFSET, so page 10,000 costs what page 1 costs (an index range scan of one page).

A page is asked for with one of
- nothing: the first page;
- `after=<key>` / `before=<key>`: the page after the last row / before the first row
  of the page the link was on (the key is the row's sort values, comma-separated);
- `last=1`: the last page;
- `from=<value>`: a jump: the first page whose leading sort value is at or past
  `value` (a score for the score orders, an article id for the article orders).
There are no page numbers: counting the pages would mean counting every row.

The orders are lists of field names as for order_by ("-score", "id"); the last one must
be unique so that the key names exactly one row. The fields hold numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet


class BadKey(ValueError):
    """A page key that is not one of this order's keys (edited or from another order)."""


@dataclass
class KeysetPage:
    rows: list[Any]
    # Keys for the links; None: there is no such page.
    next_after: str | None = None
    previous_before: str | None = None
    is_first: bool = True
    is_last: bool = True
    jumped_from: str = ""
    problems: list[str] = field(default_factory=list)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def has_other_pages(self) -> bool:
        return not (self.is_first and self.is_last)


def _columns(order: Sequence[str]) -> list[tuple[str, bool]]:
    return [(name.lstrip("-"), name.startswith("-")) for name in order]


def _reverse(order: Sequence[str]) -> list[str]:
    return [name[1:] if name.startswith("-") else "-" + name for name in order]


def _value(row: Any, name: str) -> Any:
    value = row
    for part in name.split("__"):
        value = getattr(value, "pk" if part == "pk" else part)
    return value


def encode(row: Any, order: Sequence[str]) -> str:
    return ",".join(repr(_value(row, name)) for name, _ in _columns(order))


def decode(key: str, order: Sequence[str]) -> list[float | int]:
    parts = key.split(",")
    if len(parts) != len(order):
        raise BadKey(key)
    values: list[float | int] = []
    for part in parts:
        try:
            values.append(int(part) if part.lstrip("-").isdigit() else float(part))
        except ValueError:
            raise BadKey(key) from None
        if values[-1] != values[-1] or values[-1] in (float("inf"), float("-inf")):
            raise BadKey(key)
    return values


def after_q(order: Sequence[str], values: Sequence[Any]) -> Q:
    """Rows after the row whose sort values are `values`, in `order`.

    (a, b) after (x, y) is a > x OR (a = x AND b > y) (< for a descending column); the
    first column's inclusive bound is added on its own so that the database reads it as
    the start of an index range, the rest as a filter on that range.
    """
    columns = _columns(order)
    either = Q()
    for i, (name, descending) in enumerate(columns):
        step = Q(**{f"{name}__{'lt' if descending else 'gt'}": values[i]})
        for j in range(i):
            step &= Q(**{columns[j][0]: values[j]})
        either |= step
    first, descending = columns[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & either


Fetch = Callable[[QuerySet, int, int], list[Any]]


def _slice(rows: QuerySet, start: int, stop: int) -> list[Any]:
    return list(rows[start:stop])


def page(
    queryset: QuerySet,
    order: Sequence[str],
    params: Mapping[str, str],
    *,
    size: int,
    fetch: Fetch = _slice,
) -> KeysetPage:
    """The page of `queryset` in `order` that `params` (the request's GET) asks for.

    `fetch(rows, start, stop)` reads rows[start:stop] of the ordered, filtered rows (a
    caller may read some querysets otherwise: selectors_search.page_rows)."""
    try:
        if params.get("before"):
            return _before(queryset, order, decode(params["before"], order), size, fetch)
        if params.get("after"):
            return _after(queryset, order, decode(params["after"], order), size, fetch)
        if params.get("last"):
            return _last(queryset, order, size, fetch)
        if params.get("from"):
            return _jump(queryset, order, params["from"], size, fetch)
    except BadKey:
        found = _after(queryset, order, None, size, fetch)
        found.problems.append("That page link is out of date; here is the first page.")
        return found
    return _after(queryset, order, None, size, fetch)


def _after(
    queryset: QuerySet, order: Sequence[str], values: Any, size: int, fetch: Fetch = _slice
) -> KeysetPage:
    rows = queryset.order_by(*order)
    if values is not None:
        rows = rows.filter(after_q(order, values))
    found = fetch(rows, 0, size + 1)
    more = len(found) > size
    found = found[:size]
    return KeysetPage(
        rows=found,
        next_after=encode(found[-1], order) if more else None,
        previous_before=encode(found[0], order) if values is not None and found else None,
        is_first=values is None,
        is_last=not more,
    )


def _before(
    queryset: QuerySet, order: Sequence[str], values: Any, size: int, fetch: Fetch
) -> KeysetPage:
    backwards = _reverse(order)
    found = fetch(queryset.order_by(*backwards).filter(after_q(backwards, values)), 0, size + 1)
    if not found:
        return _after(queryset, order, None, size, fetch)
    more = len(found) > size
    found = list(reversed(found[:size]))
    return KeysetPage(
        rows=found,
        next_after=encode(found[-1], order),
        previous_before=encode(found[0], order) if more else None,
        is_first=not more,
        is_last=False,
    )


def _last(queryset: QuerySet, order: Sequence[str], size: int, fetch: Fetch) -> KeysetPage:
    found = fetch(queryset.order_by(*_reverse(order)), 0, size + 1)
    more = len(found) > size
    found = list(reversed(found[:size]))
    return KeysetPage(
        rows=found,
        previous_before=encode(found[0], order) if more and found else None,
        is_first=not more,
        is_last=True,
    )


def _jump(
    queryset: QuerySet, order: Sequence[str], raw: str, size: int, fetch: Fetch
) -> KeysetPage:
    try:
        value = decode(raw.strip(), order[:1])[0]
    except BadKey:
        found = _after(queryset, order, None, size, fetch)
        found.problems.append(f"“{raw[:40]}” is not a number to jump to; here is the first page.")
        return found
    first, descending = _columns(order)[0]
    rows = queryset.filter(**{f"{first}__{'lte' if descending else 'gte'}": value})
    found = _after(rows, order, None, size, fetch)
    # The rows before the jump are still there: offer the way back to them.
    found.is_first = False
    if found.rows:
        found.previous_before = encode(found.rows[0], order)
    found.jumped_from = raw.strip()
    return found
