"""A site built in shards and merged (`invoke build --shards N`, shards.py) is the one-process
build, byte for byte: every page, the search bundles each shard indexed, the sitemap, the
feeds and the open data ZIP. And a merge refuses shards that are not one build's.

The sample is built with small search bundles (helpers.BUNDLE_PAGES: 4 bundles), as a site
large enough to need shards is, and compared with the `bundled_site` fixture.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import BUNDLE_PAGES, ROOT, build_site
from pelican.plugins.congkhai import shards

AS_OF = "2018-07-05"  # as the bundled_site fixture (tests/conftest.py)


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _commit(site: Path) -> str:
    (commit,) = re.findall(r"Bản dựng từ phiên bản ([0-9a-f]+(?:-dirty)?)\.",
                           (site / "index.html").read_text(encoding="utf-8"))
    return commit


def _site(root: Path, commit: str) -> Path:
    """The sample in a folder of its own (the build lock is per checkout), with the project's
    settings, small bundles and the commit the fixture's footer names."""
    site = root / "site"
    shutil.copytree(ROOT / "content", site / "content")
    (site / "node_modules").symlink_to(ROOT / "node_modules")  # the web editor at /admin/, as beside the sample
    (site / "pelicanconf.py").write_text(
        f"import runpy\nglobals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items()"
        f" if k.isupper()}})\nTHEME = {str(ROOT / 'theme')!r}\nBUILD_COMMIT = {commit!r}\n"
        f"SEARCH_BUNDLE_PAGES = {BUNDLE_PAGES}\n", encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def sharded(bundled_site, tmp_path_factory):
    """The sample built through the local runner in 3 shards, each in its own process."""
    site = _site(tmp_path_factory.mktemp("sharded"), _commit(bundled_site))
    script = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); import tasks; from invoke import Config, Context; "
              "c = Context(Config(overrides={'run': {'in_stream': False}})); "
              f"tasks.build_into(c, tasks.Path('output'), settings='pelicanconf.py', as_of={AS_OF!r}, shards=3)")
    result = subprocess.run([sys.executable, "-c", script], cwd=site, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, result.stdout


def test_a_sharded_build_is_the_one_process_build_byte_for_byte(bundled_site, sharded):
    site, said = sharded
    whole, merged = files(bundled_site), files(site / "output")
    assert sorted(merged) == sorted(whole)
    assert [name for name in whole if whole[name] != merged[name]] == []
    for name in ("sitemap.xml", "atom.xml", "du-lieu/cong-khai-du-lieu.zip", "pagefind/4/pagefind-entry.json",
                 "pagefind/recent.json"):  # the search page reads recent.json before the bundles
        assert name in whole, name  # compared above: the merge's files and the shards' bundles
    assert all(f"[{n}/3] congkhai: search index:" in said for n in (1, 2, 3))  # three processes indexed
    assert "congkhai: 3 shards merged:" in said


def test_the_shards_folders_are_gone_after_the_merge(sharded):
    site, _ = sharded
    assert [p.name for p in site.iterdir() if p.name.endswith(".shards")] == []


@pytest.fixture(scope="module")
def two_shards(bundled_site, tmp_path_factory):
    """Shard 1 and 2 of 2 of the sample, built into their own folders, for the refusals below."""
    root = tmp_path_factory.mktemp("refused")
    settings = {"BUILD_COMMIT": _commit(bundled_site), "SEARCH_BUNDLE_PAGES": BUNDLE_PAGES}
    folders = [root / "1", root / "2"]
    for number, folder in enumerate(folders, 1):
        build_site(ROOT, folder, as_of=AS_OF, settings={**settings, "BUILD_SHARD": f"{number}/2"})
    return root, folders, settings


def _merge(folders, settings, output: Path, as_of=AS_OF):
    return build_site(ROOT, output, as_of=as_of, check=False,
                      settings={**settings, "MERGE_SHARDS": [str(f) for f in folders]})


def test_each_shard_holds_whole_bundles_and_their_sessions_pages(two_shards):
    _, folders, _ = two_shards
    manifests = [json.loads((f / shards.MANIFEST).read_text(encoding="utf-8")) for f in folders]
    assert sorted(b for m in manifests for b in m["bundles"]) == [f"pagefind/{n}" for n in (1, 2, 3, 4)]
    for manifest in manifests:
        sessions = set(manifest["sessions"])
        pages = [name for name in manifest["files"] if not name.startswith("pagefind/")]
        assert pages and all(name.removeprefix("en/").split("/")[1] in sessions for name in pages)
    assert not set(manifests[0]["sessions"]) & set(manifests[1]["sessions"])


def test_a_merge_without_every_shard_is_refused(two_shards, tmp_path):
    _, folders, settings = two_shards
    result = _merge(folders[:1], settings, tmp_path / "out")
    assert result.returncode != 0
    manifest = f"{folders[0]}/{shards.MANIFEST}"
    assert (f"congkhai: gộp phân đoạn: {manifest}: phân đoạn của bản dựng 2 phần, đang gộp 1 thư mục; đưa đủ mọi "
            f"phân đoạn của cùng một lần dựng / merge: {manifest}: a shard of 2, but 1 folders are merged; give "
            "every shard of one build") in result.stderr
    assert "congkhai: chưa đăng gì / nothing was published." in result.stderr
    assert "Traceback" not in result.stderr


def test_a_merge_of_shards_built_as_of_another_day_is_refused(two_shards, tmp_path):
    _, folders, settings = two_shards
    result = _merge(folders, settings, tmp_path / "out", as_of="2018-07-06")
    assert result.returncode != 0
    for folder in folders:
        manifest = f"{folder}/{shards.MANIFEST}"
        assert (f"congkhai: gộp phân đoạn: {manifest}: ngày dữ liệu (AS_OF) khác bản gộp ('2018-07-05', bản gộp "
                "'2018-07-06'); dựng mọi phân đoạn và bản gộp từ cùng một phiên bản, cùng AS_OF / merge: "
                f"{manifest}: its day (AS_OF) differs from the merge's ('2018-07-05', merge '2018-07-06'); build "
                "every shard and the merge from one commit with one AS_OF") in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()  # refused before anything was rendered


def test_a_shard_damaged_in_transfer_is_refused(two_shards, tmp_path):
    root, folders, settings = two_shards
    copy = tmp_path / "2"
    shutil.copytree(folders[1], copy)
    manifest = json.loads((copy / shards.MANIFEST).read_text(encoding="utf-8"))
    page = next(name for name in manifest["files"] if name.endswith("index.html"))
    (copy / page).write_bytes((copy / page).read_bytes() + b" ")
    result = _merge([folders[0], copy], settings, tmp_path / "out")
    assert result.returncode != 0
    assert (f"congkhai: gộp phân đoạn: {copy}: các tệp của phân đoạn 2 khác lúc dựng (tải về bị hỏng?); tải lại "
            f"hoặc dựng lại phân đoạn đó / merge: {copy}: shard 2's files differ from what it built (damaged in "
            "transfer?); download or build that shard again") in result.stderr


def test_a_shard_whose_figures_are_not_the_merges_is_refused(two_shards, tmp_path):
    _, folders, settings = two_shards
    copy = tmp_path / "1"
    shutil.copytree(folders[0], copy)
    manifest = json.loads((copy / shards.MANIFEST).read_text(encoding="utf-8"))
    right = {key: manifest["figures"]["total"][key]  # as the merge says them: the order of statistics.Figures
             for key in ("total", "resolved", "not_yet_due", "overdue", "forwarded")}
    manifest["figures"]["total"]["resolved"] += 1
    (copy / shards.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    result = _merge([copy, folders[1]], settings, tmp_path / "out")
    assert result.returncode != 0
    where = f"{copy}/{shards.MANIFEST}"
    wrong = manifest["figures"]["total"]
    assert (f"congkhai: gộp phân đoạn: {where}: số liệu {wrong} khác số liệu bản gộp tính cho các phiên của nó "
            f"{right}; dựng lại phân đoạn đó / merge: {where}: figures {wrong} differ from the merge's for its "
            f"sessions {right}; build that shard again") in result.stderr


def test_a_shard_of_a_site_with_fewer_bundles_than_shards_is_empty_but_says_so(bundled_site, tmp_path):
    """The sample with its one bundle, in 2 shards: shard 1 makes every session page, shard 2 nothing."""
    build_site(ROOT, tmp_path / "2", as_of=AS_OF, settings={"BUILD_SHARD": "2/2"})
    manifest = json.loads((tmp_path / "2" / shards.MANIFEST).read_text(encoding="utf-8"))
    assert (manifest["shard"], manifest["bundles"], manifest["sessions"], manifest["files"]) == (2, [], [], [])
    assert manifest["figures"]["total"]["total"] == 0
