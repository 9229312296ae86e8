"""Pagefind's filter and metadata files rewritten in a stable order, readable as before."""

from __future__ import annotations

import gzip
import json

import pytest

from pelican.plugins.congkhai.search import order as po

PAGES = [["vi_8482e99", 1614], ["vi_473ba1b", 1428]]
SORTS = [["date", [1, 0]], ["deadline", [0, 1]]]


def bundle(folder, order):
    """A miniature Pagefind 1.5 bundle whose filters and sorts come in the given order."""
    (folder / "filter").mkdir(parents=True)
    values = {"status": [["overdue", [1]], ["resolved", [0]]], "topic": [["dat-dai", [0, 1]], ["điện", [1]]]}
    filters = []
    for index, name in enumerate(order):
        record = [name, values[name] if index % 2 else list(reversed(values[name]))]
        file_hash = f"vi_{name[:3]}{len(order) + index:04d}"
        (folder / "filter" / f"{file_hash}.pf_filter").write_bytes(po.encode(record))
        filters.append([name, file_hash])
    sorts = SORTS if order[0] == "status" else list(reversed(SORTS))
    meta = ["1.5.2", PAGES, [["01", "zz", "vi_381923e"]], filters, sorts, ["date", "title"]]
    (folder / "pagefind.vi_0000000000.pf_meta").write_bytes(po.encode(meta))
    languages = {"vi": {"hash": "vi_0000000000", "wasm": None, "page_count": 2},
                 "zz": {"hash": "zz_0000000000", "wasm": None, "page_count": 0}}
    if order[0] == "topic":
        languages = dict(reversed(languages.items()))
    (folder / "pagefind.zz_0000000000.pf_meta").write_bytes(po.encode(["1.5.2", [], [], [], [], []]))
    (folder / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": languages}, separators=(",", ":")), encoding="utf-8")
    return folder


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cbor_round_trip_of_what_pagefind_writes():
    record = ["status", [["overdue", [1, 23, 24, 255, 256, 65536]], ["", []]], None, True, False, -3, b"\x00"]
    assert po.decode(po.encode(record)) == record
    assert po._write(23) == b"\x17" and po._write(24) == b"\x18\x18" and po._write(256) == b"\x19\x01\x00"


def test_two_bundles_with_the_same_entries_in_another_order_become_identical(tmp_path):
    first = bundle(tmp_path / "a", ["status", "topic"])
    second = bundle(tmp_path / "b", ["topic", "status"])
    assert files(first) != files(second)
    assert po.stabilise(first) == po.stabilise(second) == 4
    assert files(first) == files(second)


def test_the_rewritten_bundle_says_the_same_and_names_what_exists(tmp_path):
    folder = bundle(tmp_path / "a", ["topic", "status"])
    po.stabilise(folder)
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = po.decode((folder / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta").read_bytes())
    assert meta[1] == PAGES and meta[4] == SORTS
    assert [name for name, _ in meta[3]] == ["status", "topic"]
    topic = po.decode((folder / "filter" / f"{dict(meta[3])['topic']}.pf_filter").read_bytes())
    assert topic == ["topic", [["dat-dai", [0, 1]], ["điện", [1]]]]
    assert len(list((folder / "filter").iterdir())) == 2, "the old files are gone"
    assert gzip.decompress((folder / "filter" / f"{dict(meta[3])['status']}.pf_filter").read_bytes()).startswith(
        b"pagefind_dcd")


def test_stabilising_twice_changes_nothing(tmp_path):
    folder = bundle(tmp_path / "a", ["topic", "status"])
    po.stabilise(folder)
    once = files(folder)
    po.stabilise(folder)
    assert files(folder) == once


def test_a_bundle_not_laid_out_as_expected_is_refused(tmp_path):
    with pytest.raises(po.UnexpectedIndex, match="signature"):
        po.decode(gzip.compress(b"other" + po._write([1])))


def test_a_site_without_search_is_left_alone(tmp_path):
    assert po.stabilise_output(tmp_path / "pagefind") == 0
