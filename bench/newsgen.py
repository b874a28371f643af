"""Generated news-like articles for benchmarks and load tests (deterministic by seed).

Every article is different (its numbers, names and places vary) and carries what the
extractor looks for: counts with qualifiers, attributions, quotes, dates, comparisons
and lists. The wording is this project's own.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta

TOWNS = [
    "Ashford",
    "Brookvale",
    "Cedar Point",
    "Dunmore",
    "Elmwood",
    "Fairhaven",
    "Glenrock",
    "Harlow",
    "Ivydale",
    "Juniper Falls",
    "Kingsbridge",
    "Lakemont",
    "Millbrook",
    "Northgate",
]
PEOPLE = [
    "Maria Lopez",
    "James Okoro",
    "Priya Natarajan",
    "Tom Becker",
    "Aisha Rahman",
    "Daniel Kim",
    "Sofia Rossi",
    "Kwame Mensah",
    "Laura Chen",
    "Pavel Novak",
]
ROLES = [
    "city spokeswoman",
    "police chief",
    "county commissioner",
    "health director",
    "union representative",
    "school superintendent",
    "state senator",
    "fire marshal",
]
OUTLETS = ["Valley Herald", "Harbor Times", "Metro Ledger", "County Courier", "Daily Beacon"]
TOPICS = [
    ("workers", "hired", "the new plant"),
    ("residents", "evacuated", "the flood zone"),
    ("students", "enrolled", "the summer program"),
    ("patients", "treated", "the regional hospital"),
    ("homes", "damaged", "the storm"),
    ("jobs", "cut", "the factory"),
]
QUALIFIERS = ["about", "nearly", "more than", "roughly", "at least", "", "", ""]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def _paragraphs(rng: random.Random, published: date) -> list[str]:
    noun, verb, place = rng.choice(TOPICS)
    town, other = rng.sample(TOWNS, 2)
    person, second = rng.sample(PEOPLE, 2)
    role = rng.choice(ROLES)
    total = rng.randint(120, 9000)
    part = rng.randint(10, total // 2)
    qualifier = rng.choice(QUALIFIERS)
    day = rng.choice(WEEKDAYS)
    percent = rng.randint(2, 60)
    money = rng.randint(2, 900)
    listed = rng.sample(TOWNS, 4)
    years = rng.randint(5, 40)
    paragraphs = [
        f"{qualifier.capitalize() + ' ' if qualifier else ''}{total:,} {noun} were {verb} at "
        f"{place} near {town} on {day}, {role} {person} said.",
        f"Officials said {part:,} of them came from {other}, up {percent} percent from last "
        f"year, the largest increase in {years} years.",
        f"“We have never seen numbers like this,” said {second}, who has worked in {town} "
        f"since {published.year - rng.randint(3, 30)}. “The county needs at least "
        f"{rng.randint(2, 40)} more staff to keep up.”",
        f"The project cost ${money} million, according to budget documents released by the "
        f"county on {(published - timedelta(days=rng.randint(1, 20))).strftime('%B %d, %Y')}.",
        f"Programs in {listed[0]}, {listed[1]}, {listed[2]} and {listed[3]} reported similar "
        f"figures, the state agency confirmed to the {rng.choice(OUTLETS)}.",
        f"{person} told reporters that the plan would be reviewed next month. Critics, "
        f"including {rng.randint(3, 90)} local business owners, said the estimate was too low.",
        f"In all, {total:,} {noun} were {verb} this month. Roughly {part:,} {noun} were {verb} "
        f"in the first week and another {total - part:,} {noun} were {verb} after that.",
        f"Last year the county {verb} {rng.randint(50, 4000):,} {noun}, and it expects "
        f"roughly {rng.randint(50, 4000):,} this year.",
    ]
    rng.shuffle(paragraphs)
    return paragraphs


def article(index: int, *, seed: int = 7, words: int = 450) -> dict[str, str]:
    """One article as a JSON-ready dict (title, url, outlet, author, published, text)."""
    rng = random.Random(seed * 1_000_003 + index)
    published = date(2024, 1, 1) + timedelta(days=rng.randint(0, 700))
    paragraphs: list[str] = []
    while sum(len(p.split()) for p in paragraphs) < words:
        paragraphs.extend(_paragraphs(rng, published))
    outlet = rng.choice(OUTLETS)
    return {
        "title": f"Report {index}: figures from {rng.choice(TOWNS)}",
        "url": f"https://news.example/{seed}/{index}",
        "outlet": outlet,
        "author": rng.choice(PEOPLE),
        "published": published.isoformat(),
        "text": "\n\n".join(paragraphs),
    }


def articles(n: int, *, seed: int = 7, words: int = 450) -> Iterator[dict[str, str]]:
    for index in range(n):
        yield article(index, seed=seed, words=words)


def jsonl(n: int, *, seed: int = 7, words: int = 450) -> bytes:
    return "".join(
        json.dumps(a, ensure_ascii=False) + "\n" for a in articles(n, seed=seed, words=words)
    ).encode("utf-8")


def jsonl_range(first: int, count: int, *, seed: int = 7, words: int = 450) -> bytes:
    """Articles first .. first + count - 1 as JSON Lines (a slice of `jsonl`)."""
    return "".join(
        json.dumps(article(index, seed=seed, words=words), ensure_ascii=False) + "\n"
        for index in range(first, first + count)
    ).encode("utf-8")
