"""Rows of the data files kept between builds, and the ZIP compressed chunk by chunk."""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib

import pytest

from pelican.plugins.congkhai.outputs import exports
from pelican.plugins.congkhai.build.rowcache import NoCache, RowCache


def by_value(value) -> bytes:
    return hashlib.blake2b(repr(value).encode(), digest_size=16).digest()


class Serialiser:
    """Rows as bytes, remembering which objects it was asked for."""

    def __init__(self):
        self.asked = []

    def __call__(self, objects):
        self.asked += objects
        return [f"<{value}>".encode() for value in objects]


def build(path, objects, key=b"site"):
    cache, serialise = RowCache(path, key, by_value), Serialiser()
    rows = cache.rows("things.csv", objects, serialise)
    cache.save()
    return rows, serialise.asked, cache


def test_a_row_is_made_once_and_an_edited_object_alone_again(tmp_path):
    path = tmp_path / "rows.pickle"
    first, asked, _ = build(path, ["a", "b", "c"])
    assert first == [b"<a>", b"<b>", b"<c>"] and asked == ["a", "b", "c"]
    again, asked, cache = build(path, ["a", "B", "c"])
    assert again == [b"<a>", b"<B>", b"<c>"]
    assert asked == ["B"] and (cache.made, cache.reused) == (1, 2)


def test_another_site_key_makes_every_row_again(tmp_path):
    path = tmp_path / "rows.pickle"
    build(path, ["a", "b"])
    _, asked, _ = build(path, ["a", "b"], key=b"another day")
    assert asked == ["a", "b"]


def test_a_damaged_cache_only_costs_time(tmp_path, capsys):
    path = tmp_path / "rows.pickle"
    path.write_bytes(b"not a pickle")
    rows, asked, _ = build(path, ["a"])
    assert rows == [b"<a>"] and asked == ["a"]
    assert capsys.readouterr().err == (f"congkhai: tệp bộ nhớ đệm {path} không phải của Công khai, sẽ được tạo lại "
                                       "(lần dựng này chậm hơn, không cần làm gì) / "
                                       f"cache file {path} is of another format (no congkhai cache header); "
                                       "it is made again\n")
    assert build(path, ["a"])[1] == []  # written whole again


def test_a_damaged_journal_costs_only_its_rows(tmp_path, capsys):
    path = tmp_path / "rows.pickle"
    things = [f"thing {n}" for n in range(100)]
    build(path, things)
    build(path, ["edited", *things[1:]])
    journal = tmp_path / "rows-journal.pickle"
    journal.write_bytes(journal.read_bytes()[:-4])
    _, asked, _ = build(path, ["edited", *things[1:]])
    assert asked == ["edited"]  # the base's rows are still there
    assert capsys.readouterr().err == (f"congkhai: tệp bộ nhớ đệm {journal} bị hỏng, sẽ được tạo lại (lần dựng này "
                                       f"chậm hơn, không cần làm gì) / cache file {journal} is damaged (truncated); "
                                       "it is made again\n")


def test_rows_no_longer_used_are_dropped_and_an_unchanged_build_writes_nothing(tmp_path):
    path = tmp_path / "rows.pickle"
    build(path, ["a", "b"])
    build(path, ["a"])  # b is gone: saved without it
    _, asked, _ = build(path, ["a", "b"])
    assert asked == ["b"]
    before = path.stat().st_mtime_ns, path.read_bytes()
    build(path, ["a", "b"])
    assert (path.stat().st_mtime_ns, path.read_bytes()) == before


def test_an_edit_writes_a_journal_and_leaves_the_base_alone(tmp_path):
    path = tmp_path / "rows.pickle"
    things = [f"thing {n}" for n in range(100)]
    build(path, things)
    base = path.read_bytes()
    build(path, ["edited", *things[1:]])
    journal = tmp_path / "rows-journal.pickle"
    assert path.read_bytes() == base and journal.exists()
    _, asked, _ = build(path, ["edited", *things[1:]])  # base and journal together
    assert asked == []


def test_the_base_is_written_again_once_the_journal_grows(tmp_path):
    path = tmp_path / "rows.pickle"
    things = [f"thing {n}" for n in range(100)]
    build(path, things)
    build(path, [f"edited {n}" for n in range(40)] + things[40:])  # 40 % of the rows are new
    assert not (tmp_path / "rows-journal.pickle").exists()
    _, asked, _ = build(path, [f"edited {n}" for n in range(40)] + things[40:])
    assert asked == []
    _, asked, _ = build(path, things[:1])  # the old rows were dropped with the compaction
    assert asked == ["thing 0"]


def test_a_journal_of_another_base_is_ignored(tmp_path):
    path = tmp_path / "rows.pickle"
    things = [f"thing {n}" for n in range(100)]
    build(path, things)
    build(path, ["edited", *things[1:]])
    journal = (tmp_path / "rows-journal.pickle").read_bytes()
    path.unlink()
    build(path, things)  # a new base, with another token
    (tmp_path / "rows-journal.pickle").write_bytes(journal)
    _, asked, _ = build(path, ["edited", *things[1:]])
    assert asked == ["edited"]


def test_without_a_cache_every_row_is_made():
    serialise = Serialiser()
    assert NoCache().rows("things.csv", ["a", "a"], serialise) == [b"<a>", b"<a>"]
    assert serialise.asked == ["a", "a"]


def test_a_miscounting_serialiser_is_caught(tmp_path):
    with pytest.raises(ValueError, match="things.csv: 2 objects gave 1 rows"):
        RowCache(tmp_path / "rows.pickle", b"k", by_value).rows("things.csv", ["a", "b"], lambda objects: [b"x"])


# --- the ZIP, chunk by chunk --------------------------------------------------

def rows(count: int, edited: int | None = None) -> list[bytes]:
    return [f"{n},Đường xã {n}{' (sửa)' if n == edited else ''}\r\n".encode() for n in range(count)]


def test_chunks_join_into_the_file_and_an_edit_moves_no_other_chunk():
    pieces = rows(20_000)
    chunks = exports.chunked(pieces)
    assert b"".join(chunks) == b"".join(pieces)
    assert 10 < len(chunks) < 200  # one row in 512 ends a chunk, on average
    edited = exports.chunked(rows(20_000, edited=7_000))
    assert len(edited) == len(chunks)
    assert sum(a != b for a, b in zip(chunks, edited)) == 1


def read_zip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every member's CRC-32 checks out
        infos = archive.infolist()
        assert {info.date_time for info in infos} == {exports.ZIP_TIME}
        assert {info.external_attr >> 16 for info in infos} == {0o644}
        assert {info.compress_type for info in infos} == {zipfile.ZIP_DEFLATED}
        return {info.filename: archive.read(info) for info in infos}


def test_the_chunked_zip_reads_back_with_zipfile():
    members = [("du-lieu/items.csv", exports.chunked(rows(3_000))), ("du-lieu/empty.json", [b""]),
               ("du-lieu/open311/requests.xml", [b"<service_requests />\n"])]
    data = exports.zip_chunked(members)
    assert read_zip(data) == {"empty.json": b"", "items.csv": b"".join(rows(3_000)),
                              "open311/requests.xml": b"<service_requests />\n"}
    assert data == exports.zip_chunked(list(reversed(members)))  # the data alone decide the bytes


def test_a_rebuild_deflates_only_the_chunk_that_changed(tmp_path):
    path = tmp_path / "rows.pickle"
    first = RowCache(path, b"site", by_value)
    exports.zip_chunked([("du-lieu/items.csv", exports.chunked(rows(20_000)))], first)
    first.save()
    second = RowCache(path, b"site", by_value)
    data = exports.zip_chunked([("du-lieu/items.csv", exports.chunked(rows(20_000, edited=7_000)))], second)
    assert second.made == 1 and second.reused > 10
    assert read_zip(data) == {"items.csv": b"".join(rows(20_000, edited=7_000))}


def test_chunked_deflate_costs_little_over_one_stream():
    data = b"".join(rows(20_000))
    whole = zlib.compress(data, exports.ZIP_LEVEL)
    chunked = exports.zip_chunked([("du-lieu/items.csv", exports.chunked(rows(20_000)))])
    assert len(chunked) < 1.1 * len(whole) + 200


def test_files_too_large_for_a_plain_zip_go_through_zipfile_with_zip64():
    data = exports._zip_large([("du-lieu/items.csv", [b"a,b\r\n", b"1,2\r\n"])])
    assert read_zip(data) == {"items.csv": b"a,b\r\n1,2\r\n"}


# --- rows on disk, not in memory --------------------------------------------------------------------

def test_the_cache_holds_where_its_rows_are_not_the_rows(tmp_path, monkeypatch):
    """20 MB of rows made, kept and read back a batch at a time (rowcache.stream): the cache
    itself never holds them (its index is a few hundred bytes a row, the rows 4,000), cold or warm,
    nor does its save."""
    import tracemalloc

    from pelican.plugins.congkhai.build import rowcache

    monkeypatch.setattr(rowcache, "ROWS_AT_ONCE", 100)
    things = list(range(5_000))

    def serialise(chosen):
        return [f"{n:>4000}".encode() for n in chosen]

    def peak(cache) -> tuple[int, int]:
        tracemalloc.start()
        total = sum(map(len, rowcache.stream(cache, "things.csv", things, serialise)))
        cache.save()
        high = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return total, high

    cold = RowCache(tmp_path / "rows.pickle", b"site", by_value)
    total, high = peak(cold)
    assert total == 20_000_000 and cold.made == 5_000 and high < total / 5
    warm = RowCache(tmp_path / "rows.pickle", b"site", by_value)
    total, high = peak(warm)
    assert total == 20_000_000 and (warm.made, warm.reused) == (0, 5_000) and high < total / 5
