"""Cache files (build/cachefile.py): a value comes back only under the key it was saved with and
only whole; a file that cannot be trusted is a miss named in one line on stderr, a missing file
or another key a silent miss."""

from __future__ import annotations

import pickle
import struct

import pytest

from pelican.plugins.congkhai.build import cachefile

VALUE = {"rows": {b"\x01" * 16: "Đường xã Tân Hà".encode()}, "count": 3}


@pytest.fixture
def saved(tmp_path):
    path = tmp_path / "cache" / "rows-data.pickle"
    cachefile.save(path, b"site key", VALUE)  # its folder is made
    return path


def message(path, what: str) -> str:
    """The line of a cache file not to be trusted, Vietnamese first."""
    vi = {"is damaged": "bị hỏng", "cannot be read": "không đọc được"}.get(
        what.split(" (")[0], "không phải của Công khai" if "no congkhai" in what else "thuộc phiên bản khác")
    return (f"congkhai: tệp bộ nhớ đệm {path} {vi}, sẽ được tạo lại (lần dựng này chậm hơn, không cần làm gì) / "
            f"cache file {path} {what}; it is made again\n")


def test_a_value_comes_back_under_its_key(saved, capsys):
    assert cachefile.load(saved, b"site key") == VALUE
    assert cachefile.load(saved, "site key") == VALUE  # a str key is its UTF-8 bytes
    assert capsys.readouterr().err == ""
    assert not list(saved.parent.glob("*.tmp"))  # written through a temporary file, renamed


def test_a_missing_file_is_a_silent_miss(tmp_path, capsys):
    assert cachefile.load(tmp_path / "none.pickle", b"site key") is None
    assert cachefile.load(tmp_path / "no folder" / "none.pickle", b"site key") is None
    assert capsys.readouterr().err == ""


def test_another_key_is_a_silent_miss(saved, capsys):
    assert cachefile.load(saved, b"another site key") is None
    assert cachefile.load(saved, b"") is None
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("keep", [0, 5, 20, 40, -1])
def test_a_truncated_file_is_damaged(saved, capsys, keep):
    data = saved.read_bytes()
    saved.write_bytes(data[:keep] if keep >= 0 else data[:-1])
    assert cachefile.load(saved, b"site key") is None  # empty, in the magic, in the header, in the payload
    assert capsys.readouterr().err == message(saved, "is damaged (truncated)")


def test_a_flipped_byte_of_the_payload_is_a_checksum_mismatch(saved, capsys):
    data = bytearray(saved.read_bytes())
    data[-3] ^= 0x01
    saved.write_bytes(bytes(data))
    assert cachefile.load(saved, b"site key") is None
    assert capsys.readouterr().err == message(saved, "is damaged (checksum mismatch)")


def test_a_flipped_byte_of_the_checksum_is_a_checksum_mismatch(saved, capsys):
    data = bytearray(saved.read_bytes())
    checksum_at = cachefile.HEADER.size + len(b"site key")
    data[checksum_at] ^= 0x80
    saved.write_bytes(bytes(data))
    assert cachefile.load(saved, b"site key") is None
    assert capsys.readouterr().err == message(saved, "is damaged (checksum mismatch)")


def test_bytes_after_the_payload_are_damage(saved, capsys):
    saved.write_bytes(saved.read_bytes() + b"\0")
    assert cachefile.load(saved, b"site key") is None
    assert capsys.readouterr().err == message(saved, "is damaged (longer than its header says)")


def test_a_file_of_another_format_version_is_made_again(saved, capsys):
    data = bytearray(saved.read_bytes())
    struct.pack_into("<H", data, len(cachefile.MAGIC), cachefile.FORMAT + 1)
    saved.write_bytes(bytes(data))
    assert cachefile.load(saved, b"site key") is None
    assert capsys.readouterr().err == message(
        saved, f"is of another format (version {cachefile.FORMAT + 1}, not {cachefile.FORMAT})")


def test_a_plain_pickle_is_of_another_format(saved, capsys):
    saved.write_bytes(pickle.dumps((b"site key", VALUE)))
    assert cachefile.load(saved, b"site key") is None
    assert capsys.readouterr().err == message(saved, "is of another format (no congkhai cache header)")


def test_a_payload_that_does_not_unpickle_is_damaged(saved, capsys):
    cachefile.write(saved, b"site key", b"\x80\x05not a pickle")  # the checksum holds: the pickle does not
    assert cachefile.load(saved, b"site key") is None
    assert capsys.readouterr().err == message(saved, "is damaged (unpickling failed: UnpicklingError)")


def test_a_folder_in_place_of_the_file_is_named(tmp_path, capsys):
    (tmp_path / "rows.pickle").mkdir()
    assert cachefile.load(tmp_path / "rows.pickle", b"k") is None
    assert capsys.readouterr().err == message(tmp_path / "rows.pickle", "cannot be read (IsADirectoryError)")


def test_bytes_are_kept_as_they_are(tmp_path, capsys):
    path = tmp_path / "search.json"
    cachefile.write(path, "index 1", b'{"bundles": {}}\n')
    assert cachefile.read(path, "index 1") == b'{"bundles": {}}\n'
    assert cachefile.read(path, "index 2") is None
    assert capsys.readouterr().err == ""


def test_saving_again_replaces_the_whole_file(saved):
    cachefile.save(saved, b"next site key", [1, 2])
    assert cachefile.load(saved, b"site key") is None
    assert cachefile.load(saved, b"next site key") == [1, 2]


def test_a_key_of_parts_keeps_them_apart():
    assert cachefile.key_of(b"ab", b"c") != cachefile.key_of(b"a", b"bc")
    assert cachefile.key_of("a", b"b") == cachefile.key_of(b"a", "b")
    assert len(cachefile.key_of(b"x" * 1000)) == 16


def test_a_payload_written_as_it_is_made_is_the_file_written_whole(tmp_path, capsys):
    pieces = [b"rows ", "Đường xã".encode(), b"", b" and more" * 1000]
    cachefile.write_streamed(tmp_path / "streamed.rows", b"site key", lambda payload: [payload.write(p) for p in pieces])
    cachefile.write(tmp_path / "whole.rows", b"site key", b"".join(pieces))
    assert (tmp_path / "streamed.rows").read_bytes() == (tmp_path / "whole.rows").read_bytes()
    file, start, length = cachefile.open_payload(tmp_path / "streamed.rows", b"site key", block=100)
    with file:
        file.seek(start)
        assert file.read(length) == b"".join(pieces)
    assert cachefile.open_payload(tmp_path / "streamed.rows", b"another key") is None
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("damage, what", [
    (lambda data: data[:-3], "is damaged (truncated)"),
    (lambda data: data[:-1] + bytes([data[-1] ^ 1]), "is damaged (checksum mismatch)"),
    (lambda data: b"not a cache file", "is of another format (no congkhai cache header)")])
def test_a_payload_opened_where_it_lies_is_checked_as_a_loaded_one(tmp_path, capsys, damage, what):
    path = tmp_path / "streamed.rows"
    cachefile.write_streamed(path, b"site key", lambda payload: payload.write(b"x" * 5000))
    path.write_bytes(damage(path.read_bytes()))
    assert cachefile.open_payload(path, b"site key", block=512) is None
    assert capsys.readouterr().err == message(path, what)
