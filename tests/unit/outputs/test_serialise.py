"""serialise.py writes XML and JSON text directly: the bytes must be those the
standard library writes (ElementTree with ET.indent(space=" "), json.dumps with
indent=1), on random input with every character that needs escaping, and on
every XML and JSON file the small site publishes."""

from __future__ import annotations

import datetime as dt
import json
import random
from xml.etree import ElementTree as ET

import pytest

from helpers import FIXTURES
from pelican.plugins.congkhai.build import families as file_families
from pelican.plugins.congkhai.outputs import feeds
from pelican.plugins.congkhai.outputs import ical
from pelican.plugins.congkhai.outputs import opendata
from pelican.plugins.congkhai.outputs import seo
from pelican.plugins.congkhai.outputs import serialise
from pelican.plugins.congkhai.content.model import build_content
from pelican.plugins.congkhai.content.reading import read_tree
from pelican.plugins.congkhai.site.views import SiteView

ALPHABET = ["a", "Đ", "ữ", " ", "  ", "&", "<", ">", '"', "'", "\r", "\n", "\t", "\\", "/", "&amp;",
            "\u00a0", "\u2028", "\x7f", "\x01", "]]>", "😀", "–"]
NAMES = ["id", "title", "link", "entry", "x", "service_request_id"]


def text(rng: random.Random) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randrange(0, 6)))


def tree(rng: random.Random, depth: int):
    """(ElementTree element, serialise text at this depth), built alike."""
    name = rng.choice(NAMES)
    attributes = {rng.choice(NAMES) + str(i): text(rng) for i in range(rng.randrange(0, 3))}
    element = ET.Element(name, attributes)
    if depth < 3 and rng.random() < 0.5:
        children = [tree(rng, depth + 1) for _ in range(rng.randrange(0, 4))]
        element.extend(child for child, _ in children)
        return element, serialise.node(depth, name, [written for _, written in children], attributes)
    element.text = rng.choice([None, "", text(rng)])
    return element, serialise.leaf(depth, name, element.text, attributes)


def test_xml_equals_elementtree_on_random_trees():
    rng = random.Random(9)
    for _ in range(2000):
        element, written = tree(rng, 0)
        ET.indent(element, space=" ")
        assert serialise.xml_document(written) == ET.tostring(element, encoding="utf-8", xml_declaration=True) + b"\n"


def scalar(rng: random.Random):
    return rng.choice([None, True, False, 0, -7, 10 ** 20, 2.5, text(rng), text(rng)])


def test_json_equals_json_dumps_on_random_rows():
    rng = random.Random(9)
    for _ in range(500):
        rows = [{text(rng) or "k": scalar(rng) for _ in range(rng.randrange(0, 5))} for _ in range(rng.randrange(0, 4))]
        expected = json.dumps({"rows": rows}, ensure_ascii=False, indent=1)
        written = serialise.json_array(1, [serialise.json_object(2, row.items()) for row in rows])
        assert "{\n \"rows\": " + written + "\n}" == expected
        assert serialise.json_array(0, [serialise.json_object(1, row.items()) for row in rows]) == \
            json.dumps(rows, ensure_ascii=False, indent=1)


def test_records_equal_one_object_or_element_at_a_time():
    rng = random.Random(9)
    for _ in range(300):
        keys = [text(rng) + str(i) for i in range(rng.randrange(0, 5))]
        rows = [[scalar(rng) for _ in keys] for _ in range(rng.randrange(0, 4))]
        assert serialise.json_records(2, keys, rows) == [serialise.json_object(2, zip(keys, row)) for row in rows]
        names = [rng.choice(NAMES) for _ in keys]
        texts = [[rng.choice([None, "", text(rng)]) for _ in names] for _ in rows]
        assert serialise.xml_records(1, "request", names, texts) == \
            [serialise.node(1, "request", [serialise.leaf(2, n, t) for n, t in zip(names, row)]) for row in texts]


def test_json_refuses_what_it_cannot_write_like_json_dumps():
    with pytest.raises(TypeError):
        serialise.json_value({"nested": 1})


SETTINGS = {"SITEURL": "https://congkhai.example.vn", "DISTRICT_NAME": "huyện Hàm Tân",
            "AUTHOR": "Văn phòng <HĐND> & UBND", "BUILD_COMMIT": "abc"}


@pytest.fixture(scope="module")
def published():
    view = SiteView(build_content(read_tree(FIXTURES / "small" / "content")), dt.date(2018, 7, 5))
    families = [feeds.changes_files, opendata.data_files, feeds.files, ical.files,
                lambda view, settings: seo.files(view, settings, opendata.pages(view))]
    return {path: file_families.whole(data) for family in families for path, data in family(view, SETTINGS)}


def test_every_published_xml_file_is_what_elementtree_writes(published):
    xml_files = [path for path in published if path.endswith(".xml")]
    assert len(xml_files) > 5
    for path in xml_files:
        root = ET.fromstring(published[path])
        ET.indent(root, space=" ")
        if root.tag.startswith("{"):  # written as the default namespace, as feeds.py registered it before
            ET.register_namespace("", root.tag[1:].split("}")[0])
        again = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
        assert published[path] == again, path


def test_every_published_json_file_is_what_json_dumps_writes(published):
    json_files = [path for path in published if path.endswith(".json") and "/schemas/" not in path]
    assert len(json_files) >= 5
    for path in json_files:
        again = (json.dumps(json.loads(published[path]), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        assert published[path] == again, path
