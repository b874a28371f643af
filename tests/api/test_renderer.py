"""claims.api.renderers.JSONRenderer: DRF's JSONRenderer's bytes, written by orjson."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal

import orjson
import pytest
from django.utils.translation import gettext_lazy
from rest_framework import renderers

from claims.api.renderers import JSONRenderer

VALUES = {
    "text": "Zoë said “680” \u2013 then a line\u2028and a paragraph\u2029end",
    "when": dt.datetime(2026, 12, 4, 17, 52, 1, 123456, tzinfo=dt.UTC),
    "naive": dt.datetime(2026, 12, 4, 17, 52),
    "day": dt.date(2016, 11, 8),
    "lazy": gettext_lazy("Invalid token."),
    "money": Decimal("25000000.50"),
    "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "numbers": [1, 2.5, -3, None, True],
    "nested": {"a": [{"b": ()}], "c": {}},
}


def test_it_writes_the_bytes_drfs_renderer_writes():
    assert JSONRenderer().render(VALUES) == renderers.JSONRenderer().render(VALUES)


def test_line_separators_are_escaped_as_drf_escapes_them():
    written = JSONRenderer().render({"text": "a\u2028b\u2029c"})

    assert written == b'{"text":"a\\u2028b\\u2029c"}'


def test_json_text_from_the_database_goes_in_as_it_is():
    written = JSONRenderer().render({"dates": orjson.Fragment('[{"resolved": "2016-11-08"}]')})

    assert written == b'{"dates":[{"resolved": "2016-11-08"}]}'


def test_integer_keys_are_written_as_strings():
    assert json.loads(JSONRenderer().render({1: "one"})) == {"1": "one"}


def test_nothing_is_written_for_no_data():
    assert JSONRenderer().render(None) == b""


@pytest.mark.parametrize("indent", ["2", "4"])
def test_an_indented_answer_is_asked_for_with_the_media_type(indent):
    written = JSONRenderer().render({"a": [1]}, f"application/json; indent={indent}")

    assert written == b'{\n  "a": [\n    1\n  ]\n}'
