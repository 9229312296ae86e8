"""Deploys refuse any output that `invoke ci` did not pass on this very commit."""

import pytest

from pelican.plugins.congkhai.tools.deploy import Stamp, read_stamp, refusal, tree_digest, write_stamp

HEAD = "a" * 40


@pytest.fixture
def output(tmp_path):
    folder = tmp_path / "output"
    (folder / "doi-thoai").mkdir(parents=True)
    (folder / "index.html").write_text("<p>Trang chủ</p>", encoding="utf-8")
    (folder / "doi-thoai" / "index.html").write_text("<p>Buổi</p>", encoding="utf-8")
    return folder


@pytest.fixture
def stamp(output):
    return Stamp(HEAD, "publishconf.py", tree_digest(output))


def test_the_stamped_output_of_the_current_commit_may_be_deployed(stamp, output):
    assert refusal(stamp, HEAD, [], "publishconf.py", output) is None


def test_stamp_round_trips_through_its_file(tmp_path, stamp):
    write_stamp(tmp_path / "cache" / "ci-passed.json", stamp)
    assert read_stamp(tmp_path / "cache" / "ci-passed.json") == stamp
    assert read_stamp(tmp_path / "missing.json") is None


@pytest.mark.parametrize("change, expected", [
    (dict(dirty=[" M content/sessions/a.yaml"]), "the working tree has uncommitted changes"),
    (dict(stamp=None), "no passing `invoke ci` recorded"),
    (dict(head="b" * 40), "`invoke ci` passed on commit aaaaaaaaaaaa, not on the current commit bbbbbbbbbbbb"),
    (dict(settings="pelicanconf.py"), "the output was built with publishconf.py, not pelicanconf.py"),
])
def test_refusals(stamp, output, change, expected):
    arguments = dict(stamp=stamp, head=HEAD, dirty=[], settings="publishconf.py", output=output) | change
    assert refusal(**arguments).startswith(expected)


def test_an_output_changed_after_ci_is_refused(stamp, output):
    (output / "doi-thoai" / "index.html").write_text("<p>Buổi khác</p>", encoding="utf-8")
    assert "changed since `invoke ci` passed" in refusal(stamp, HEAD, [], "publishconf.py", output)


def test_digest_sees_renamed_files(output):
    before = tree_digest(output)
    (output / "doi-thoai").rename(output / "xa")
    assert tree_digest(output) != before
