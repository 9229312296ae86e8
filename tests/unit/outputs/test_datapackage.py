"""datapackage.json is made from the columns the CSV files are written from (exports.TABLES)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.outputs import datapackage, exports
from pelican.plugins.congkhai.site.views import SiteView


@pytest.fixture(scope="module")
def view():
    return SiteView(build_content(read_tree(FIXTURES / "small" / "content")), dt.date(2018, 7, 5))


def test_each_csv_file_is_a_resource_with_its_columns_and_types(view):
    package = json.loads(datapackage.descriptor(view, {"SITENAME": "Công khai"}))
    assert package["profile"] == "tabular-data-package" and package["name"] == "cong-khai"
    assert [r["path"] for r in package["resources"]] == ["items.csv", "sessions.csv", "responses.csv"]
    for resource in package["resources"]:
        columns = exports.TABLES[resource["name"]]
        fields = resource["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in columns]
        assert [f["type"] for f in fields] == [datapackage.FIELD_TYPES[c.type]["type"] for c in columns]
    items = package["resources"][0]["schema"]
    assert items["primaryKey"] == ["id"]
    assert items["foreignKeys"] == [{"fields": ["session"], "reference": {"resource": "sessions", "fields": ["id"]}}]


def test_licence_source_and_day(view):
    package = json.loads(datapackage.descriptor(view, {"SITENAME": "Công khai", "SITEURL": "https://x.vn"}))
    assert package["licenses"] == [{"name": "CC-BY-4.0", "title": "CC BY 4.0",
                                    "path": "https://creativecommons.org/licenses/by/4.0/"}]
    assert package["sources"] == [{"title": "Công khai", "path": "https://x.vn/"}]
    assert (package["version"], package["created"]) == ("2018-07-05", "2018-07-05T00:00:00Z")
    url = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "url")
    assert url["format"] == "uri"  # absolute only when the site has its address


def test_a_boolean_column_reads_1_and_0(view):
    package = json.loads(datapackage.descriptor(view, {}))
    announced = next(f for f in package["resources"][1]["schema"]["fields"] if f["name"] == "announced")
    assert (announced["trueValues"], announced["falseValues"]) == (["1"], ["0"])
