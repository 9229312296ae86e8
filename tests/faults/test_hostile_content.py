"""Hostile content files, built as a pull request would bring them: each is refused by the
check that `invoke validate` and `invoke build` run first, with its exact lines and no
traceback, and the build itself publishes nothing, least of all a file from outside the
content folder. The corpus is made in tmp_path from tests/fixtures/defects/base (links
cannot be kept in git portably)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from invoke import Config, Context
from invoke.exceptions import UnexpectedExit

import tasks
from helpers import FIXTURES, ROOT, build_site, english_lines
from pelican.plugins.congkhai.content import messages

BASE = FIXTURES / "defects" / "base" / "content"
MARKER = "BÍ MẬT NGOÀI THƯ MỤC NỘI DUNG"  # in every file outside content/: never in the output
SESSION = "sessions/2018-06-12-tan-ha.yaml"
RESPONSE = "responses/2018-06-12-tan-ha/1.1-1.md"
# Pelican copies content/images/ when a site asks for it, and follows links as it does.
STATIC = {"STATIC_PATHS": ["images"]}


def link_out(what: str, link: str, target: str) -> str:
    return (f"content/{link}: ({what}): the {what} is a link to a {what} outside the content folder, which is "
            f"never read (got a link to {target!r}; expected the {what} itself inside the content folder: put a "
            "copy in place of the link, or delete it)")


def character(line: str, code: str, what: str) -> str:
    return (f"{line}: a character that is not allowed (got {code}: {what}; expected none: delete it; it does "
            "not show, so retype the words around it if you cannot find it)")


def edit(site: Path, relative: str, old: str, new: str) -> None:
    path = site / "content" / relative
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def billion_laughs(site: Path) -> None:
    lines = ["laughs: &a [ha, ha, ha, ha, ha, ha, ha, ha, ha]"]
    lines += [f"more-{n}: &{chr(97 + n)} [{', '.join(['*' + chr(96 + n)] * 9)}]" for n in range(1, 9)]
    edit(site, SESSION, "summary:", "\n".join(lines) + "\nsummary: *i\nnote:")


def sparse_session(site: Path) -> None:
    with open(site / "content" / "sessions" / "2018-06-13-lon.yaml", "wb") as stream:
        stream.truncate(2 * 1024 ** 3)  # 2 GB that take no room


def deep_flow(site: Path) -> None:
    edit(site, SESSION, "summary:", "summary: " + "[" * 200_000 + "]" * 200_000 + "\nnote:")


def python_tag(site: Path) -> None:
    edit(site, RESPONSE, "agency: phong-tnmt", "agency: !!python/object/apply:os.system ['touch PWNED']")


def terminal_escapes(site: Path) -> None:
    edit(site, SESSION, "title: Đối thoại", "title: Đối \x1b]0;owned\x07\x1b[2Jthoại")


def bidi_override(site: Path) -> None:
    edit(site, RESPONSE, "Phòng đang", "Phòng \u202eđang")


def file_link(site: Path) -> None:
    (site / "content" / "sessions" / "2018-06-20-bi-mat.yaml").symlink_to("../../outside/2018-06-20-bi-mat.yaml")


def folder_link(site: Path) -> None:
    (site / "content" / "responses" / "bi-mat").symlink_to("../../outside", target_is_directory=True)


def static_link(site: Path) -> None:
    (site / "content" / "images").mkdir()
    (site / "content" / "images" / "logo.png").symlink_to("../../outside/2018-06-20-bi-mat.yaml")


def section_link(site: Path) -> None:
    shutil.rmtree(site / "content" / "responses")
    (site / "content" / "responses").symlink_to("../outside", target_is_directory=True)


def dangling_link(site: Path) -> None:
    (site / "content" / "responses" / "2018-06-12-tan-ha" / "1.1-2.md").symlink_to("/nowhere/1.1-2.md")


def named_pipe(site: Path) -> None:
    os.mkfifo(site / "content" / "sessions" / "2018-06-13-pipe.yaml")


def path_like_name(site: Path) -> None:
    source = site / "content" / RESPONSE
    shutil.copy(source, source.with_name("1.1..%2f..%2f1.1-2.md"))


def placeholder(site: Path) -> None:
    edit(site, SESSION, "attendance: 80", 'attendance: ""')


CASES = {
    "alias-bomb": (billion_laughs, [
        "content/sessions/2018-06-12-tan-ha.yaml:14: (yaml): the aliases expand to too many values (got more than "
        "100,000 once *e on this line is written out; expected at most 100,000: write each value out instead of "
        "repeating blocks with & and *)"]),
    "file-too-large": (sparse_session, [
        "content/sessions/2018-06-13-lon.yaml: (file): the file is too large (got more than 1,000,000 bytes; "
        "expected at most 1,000,000 bytes, 1 MB: split the session into two files, such as 2018-06-13-lon.yaml "
        "and 2018-06-13-lon-2.yaml, each with its opinions numbered from 1)"]),
    "nested-too-deep": (deep_flow, [
        "content/sessions/2018-06-12-tan-ha.yaml:9: (yaml): the blocks and lists nest too deep (got more than 20 "
        "levels; expected at most 20: a session nests five, its opinions and their items; check the indentation "
        "and the brackets)"]),
    "python-tag": (python_tag, [
        "content/responses/2018-06-12-tan-ha/1.1-1.md:4: (yaml): a YAML tag is not read (got "
        "!!python/object/apply:os.system; expected a plain value: text, a number, a date, a list or a block of "
        "keys: remove the tag, the word starting with '!')"]),
    "terminal-escapes": (terminal_escapes, [
        character("content/sessions/2018-06-12-tan-ha.yaml:1: title", where, "a control character, which no text "
                  "needs") for where in ("U+0007 at column 21", "U+001B at column 12", "U+001B at column 22")]),
    "bidi-override": (bidi_override, [
        character("content/responses/2018-06-12-tan-ha/1.1-1.md:8: (answer)",
                  "U+202E RIGHT-TO-LEFT OVERRIDE at column 7",
                  "a bidirectional control, which can show text in another order than it is read")]),
    "link-to-a-file-outside": (file_link, [
        link_out("file", "sessions/2018-06-20-bi-mat.yaml", "../../outside/2018-06-20-bi-mat.yaml")]),
    "link-to-a-folder-outside": (folder_link, [link_out("folder", "responses/bi-mat", "../../outside")]),
    "link-in-a-static-folder": (static_link, [
        link_out("file", "images/logo.png", "../../outside/2018-06-20-bi-mat.yaml")]),
    "section-linked-outside": (section_link, [link_out("folder", "responses", "../outside")]),
    "link-to-nowhere": (dangling_link, [
        "content/responses/2018-06-12-tan-ha/1.1-2.md: (file): the link leads nowhere (got a link to "
        "'/nowhere/1.1-2.md'; expected a file or a folder of the content folder: correct the link or delete it)"]),
    "named-pipe": (named_pipe, [
        "content/sessions/2018-06-13-pipe.yaml: (file): neither a file nor a folder (got a named pipe, a socket "
        "or a device; expected a text file: delete it)"]),
    "path-like-file-name": (path_like_name, [
        "content/responses/2018-06-12-tan-ha/1.1..%2f..%2f1.1-2.md: (file name): a file name becomes part of a "
        "page's address, so it holds no path (got '1.1..%2f..%2f1.1-2.md', which holds '..'; expected letters, "
        "digits, hyphens and dots, such as 1.1-1.md: rename the file)"]),
    "placeholder-left": (placeholder, [
        "content/sessions/2018-06-12-tan-ha.yaml:8: attendance: not filled in yet (got an empty value; expected "
        "attendance: Số lượt người tham dự. Fill it in)"]),
}


def hostile_site(tmp_path: Path, make) -> Path:
    """The base tree with one hostile change, and beside its content folder another folder
    whose files would be published if anything brought them in."""
    site = tmp_path / "site"
    shutil.copytree(BASE, site / "content")
    outside = site / "outside"
    outside.mkdir()
    session = (BASE / SESSION).read_text(encoding="utf-8")
    (outside / "2018-06-20-bi-mat.yaml").write_text(
        session.replace("2018-06-12", "2018-06-20").replace("Đối thoại với nhân dân", MARKER), encoding="utf-8")
    (outside / "1.1-9.md").write_text((BASE / RESPONSE).read_text(encoding="utf-8") + MARKER + "\n", encoding="utf-8")
    make(site)
    return site


def check(site: Path) -> subprocess.CompletedProcess:
    """What `invoke validate` runs, and `invoke build` before Pelican starts."""
    return subprocess.run([sys.executable, "-m", "pelican.plugins.congkhai.tools.check", "content", "-s", "",
                           "--as-of", "2018-07-05"], cwd=site, capture_output=True, text=True, timeout=60)


def published(output: Path) -> list[Path]:
    """Every file of the output (none when the build wrote nothing) that holds the marker."""
    if not output.exists():
        return []
    marker = MARKER.encode("utf-8")
    return [p for p in output.rglob("*") if p.is_file() and marker in p.read_bytes()]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_check_refuses_it_with_its_exact_lines_and_no_traceback(name, tmp_path):
    make, expected = CASES[name]
    site = hostile_site(tmp_path, make)
    result = check(site)
    assert result.returncode == 1, result.stderr
    assert english_lines(result.stderr) == [*expected, f"{len(expected)} problem{'s' if len(expected) > 1 else ''} "
                                            "found; nothing was published."]
    assert len(result.stderr.splitlines()) == 2 * len(expected) + 2  # each in Vietnamese, then in English
    assert messages.UNKNOWN not in result.stderr
    assert "Traceback" not in result.stdout + result.stderr and "\x1b" not in result.stderr
    assert not (site / "PWNED").exists()


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_build_publishes_nothing_from_outside_and_does_not_crash(name, tmp_path):
    make, expected = CASES[name]
    site = hostile_site(tmp_path, make)
    result = build_site(site, site / "output", as_of="2018-07-05", settings=STATIC, check=False)
    assert result.returncode == 1  # refused, not killed (a segmentation fault is negative)
    assert expected[0] in english_lines(result.stderr)
    # Pelican logs the refusal it is given with its traceback; any other would be a crash.
    tracebacks = result.stderr.count("Traceback (most recent call last)")
    assert tracebacks <= 1 and (not tracebacks or result.stderr.rstrip().splitlines()[-1].startswith(
        "pelican.plugins.congkhai.generator.ContentRefused: "))
    assert published(site / "output") == [] and not (site / "PWNED").exists()


def test_the_marker_would_show_if_a_file_from_outside_were_read(tmp_path):
    """The build tests above are worth something: the file a link brings in is a valid session
    that the site publishes, marker and all, once it is really in the content folder."""
    site = hostile_site(tmp_path, lambda site: None)
    shutil.copy(site / "outside" / "2018-06-20-bi-mat.yaml", site / "content" / "sessions")
    (site / "content" / "images").mkdir()
    shutil.copy(site / "outside" / "1.1-9.md", site / "content" / "images" / "logo.png")
    build_site(site, site / "output", as_of="2018-07-05", settings=STATIC)
    shown = {p.relative_to(site / "output").as_posix() for p in published(site / "output")}
    assert "doi-thoai/2018-06-20-bi-mat/index.html" in shown and "images/logo.png" in shown


def test_the_build_task_refuses_before_pelican_starts_and_leaves_output_alone(tmp_path):
    site = hostile_site(tmp_path, static_link)
    (site / "output").mkdir()
    (site / "output" / "index.html").write_text("hôm qua\n", encoding="utf-8")
    c = Context(Config(overrides={"run": {"in_stream": False}}))
    with c.cd(str(site)), pytest.raises(UnexpectedExit) as failure:
        tasks.build_into(c, site / "output", settings=str(ROOT / "pelicanconf.py"))
    stderr = failure.value.result.stderr
    assert english_lines(stderr)[0] == link_out("file", "images/logo.png", "../../outside/2018-06-20-bi-mat.yaml")
    assert "Traceback" not in stderr
    assert [p.name for p in (site / "output").iterdir()] == ["index.html"] and published(site / "output") == []
