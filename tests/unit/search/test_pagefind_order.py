"""Pagefind's filter and metadata files rewritten in a stable order, readable as before."""

from __future__ import annotations

import gzip
import json

import pytest

from pelican.plugins.congkhai.search import order as po

A, B = ["vi_473ba1b", 1428], ["vi_8482e99", 1614]  # two pages: their hash and word count
# What the bundle says, page by page: the same whichever numbers Pagefind gave the pages.
FILTERS = {"status": [["overdue", [B]], ["resolved", [A]]], "topic": [["dat-dai", [A, B]], ["điện", [B]]]}
SORTS = [["date", [B, A]], ["deadline", [A, B]]]
SORT_VALUES = {A[0]: {"sort_date": "736754", "sort_deadline": "736760"},
               B[0]: {"sort_date": "736790", "sort_deadline": "736790"}}
WORDS = [["dat", [(A, [-25, 4]), (B, [-25, 7, 9])], [["đất", [(B, [-25, 7])], []], ["đạt", [(A, [-25, 4])], []]]],
         ["dien", [(B, [-25, 12])], []]]


def _words(words, number):
    """Words in Pagefind's form: each page as the difference of its number from the one before."""
    encoded = []
    for word, pages, variants in words:
        entries, previous = [], 0
        for page, locations in sorted(pages, key=lambda entry: number[entry[0][0]]):
            entries.append([number[page[0]] - previous, locations, []])
            previous = number[page[0]]
        encoded.append([word, entries, _words(variants, number)])
    return encoded


def bundle(folder, order, pages=(B, A)):
    """A miniature Pagefind 1.5 bundle whose filters and sorts come in the given order,
    and whose pages are numbered in the order of `pages`."""
    number = {page[0]: position for position, page in enumerate(pages)}
    for sub in ("filter", "index", "fragment"):
        (folder / sub).mkdir(parents=True)
    filters = []
    for index, name in enumerate(order):
        values = [[value, sorted(number[page[0]] for page in on)] for value, on in FILTERS[name]]
        record = [name, values if index % 2 else list(reversed(values))]
        file_hash = f"vi_{name[:3]}{len(order) + index:04d}"
        (folder / "filter" / f"{file_hash}.pf_filter").write_bytes(po.encode(record))
        filters.append([name, file_hash])
    sorts = [[name, [number[page[0]] for page in ranked]] for name, ranked in SORTS]
    sorts = sorts if order[0] == "status" else list(reversed(sorts))
    variants = sorted(WORDS[0][2], reverse=pages[0] is B)  # listed in the order first met
    words = [[WORDS[0][0], WORDS[0][1], variants], WORDS[1]]
    (folder / "index" / "vi_381923e.pf_index").write_bytes(po.encode([_words(words, number)]))
    for page in pages:
        fragment = {"url": f"/{page[0]}/", "meta": SORT_VALUES[page[0]]}
        (folder / "fragment" / f"{page[0]}.pf_fragment").write_bytes(
            gzip.compress(po.SIGNATURE + json.dumps(fragment).encode(), mtime=0))
    meta = ["1.5.2", [list(page) for page in pages], [["dat", "dien", "vi_381923e"]], filters, sorts,
            ["date", "title"]]
    (folder / "pagefind.vi_0000000000.pf_meta").write_bytes(po.encode(meta))
    languages = {"vi": {"hash": "vi_0000000000", "wasm": None, "page_count": 2},
                 "zz": {"hash": "zz_0000000000", "wasm": None, "page_count": 0}}
    if order[0] == "topic":
        languages = dict(reversed(languages.items()))
    (folder / "pagefind.zz_0000000000.pf_meta").write_bytes(po.encode(["1.5.2", [], [], [], [], []]))
    (folder / "pagefind-entry.json").write_text(json.dumps(
        {"version": "1.5.2", "languages": languages}, separators=(",", ":")), encoding="utf-8")
    return folder


def read_back(folder):
    """What the bundle says, by page hash: filters, sorts, and each word's pages and locations."""
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = po.decode((folder / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta").read_bytes())
    pages = [page[0] for page in meta[1]]
    filters = {name: sorted([value, sorted(pages[n] for n in on)] for value, on in
                      po.decode((folder / "filter" / f"{file_hash}.pf_filter").read_bytes())[1])
               for name, file_hash in meta[3]}
    sorts = {name: [pages[n] for n in ranked] for name, ranked in meta[4]}

    def words(encoded):
        said = {}
        for word, entries, variants in encoded:
            number, said[word] = 0, []
            for entry in entries:
                number += entry[0]
                said[word].append((pages[number], entry[1]))
            said[word].sort()
            said.update({f"{word}>{k}": v for k, v in words(variants).items()})
        return said

    chunk = po.decode((folder / "index" / f"{meta[2][0][2]}.pf_index").read_bytes())
    return filters, sorts, words(chunk[0])


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
    assert po.stabilise(first) == po.stabilise(second) == 4  # 2 filters, 2 metadata files
    assert files(first) == files(second)


def test_the_rewritten_bundle_says_the_same_and_names_what_exists(tmp_path):
    folder = bundle(tmp_path / "a", ["topic", "status"])
    po.stabilise(folder)
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = po.decode((folder / f"pagefind.{entry['languages']['vi']['hash']}.pf_meta").read_bytes())
    assert meta[1] == [B, A], "numbered as Pagefind numbered them (search/service.py gives the order)"
    assert meta[4] == [["date", [0, 1]], ["deadline", [1, 0]]]
    assert [name for name, _ in meta[3]] == ["status", "topic"]
    topic = po.decode((folder / "filter" / f"{dict(meta[3])['topic']}.pf_filter").read_bytes())
    assert topic == ["topic", [["dat-dai", [0, 1]], ["điện", [0]]]]
    assert len(list((folder / "filter").iterdir())) == 2, "the old files are gone"
    assert read_back(folder) == read_back(bundle(tmp_path / "b", ["status", "topic"]))
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
