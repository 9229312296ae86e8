"""Pages in blocks (site/pages.py Block, build/rendering.py): while a block's inputs are as the folder's last
build recorded them, its pages are reused without being fingerprinted one by one; otherwise each
is fingerprinted and only those whose own inputs changed are rendered. Pure: no Pelican."""

from __future__ import annotations

import gc

import pytest

from pelican.plugins.congkhai.build import rendering, workers
from pelican.plugins.congkhai.build.rendering import Job, PageCache, render_all, schedule
from pelican.plugins.congkhai.site.pages import Block, Page

KEY = b"site key"


class Site:
    """Three sessions of two item pages each, one block per session, and a report rendered on every build."""

    def __init__(self):
        self.answers = {f"s{s}/{i}": f"trả lời {s}.{i}" for s in range(3) for i in range(2)}
        self.fingerprinted: list[str] = []  # URLs whose own inputs were asked for
        self.rendered: list[str] = []

    def pages(self) -> list[Page]:
        pages = []
        for s in range(3):
            urls = [f"s{s}/{i}" for i in range(2)]
            block = Block(f"items/s{s}", tuple(self.answers[url] for url in urls))
            pages += [Page(f"{url}/", "item", {"answer": self.answers[url]}, self._inputs(url), block)
                      for url in urls]
        return pages + [Page("report/", "report", {"total": len(self.answers)})]

    def _inputs(self, url):
        def inputs():
            self.fingerprinted.append(url)
            return {"answer": self.answers[url]}
        return inputs

    def render(self, lang, page):
        self.rendered.append(page.url)
        return f"<p>{lang} {page.values()}</p>".encode()

    def build(self, output, record_file) -> rendering.Counts:
        self.fingerprinted, self.rendered = [], []
        jobs = [Job("vi", page, page.url + "index.html") for page in self.pages()]
        record = PageCache.load(record_file, KEY)
        counts = render_all(jobs, lambda lang: None, self.render, output, None, record, {"report"})
        record.save(counts.entries, frozenset(), counts.blocks)
        return counts


@pytest.fixture
def site(tmp_path):
    site = Site()
    site.build(tmp_path / "out", tmp_path / "pages-1-2.pickle")
    return site, tmp_path / "out", tmp_path / "pages-1-2.pickle"


def test_a_first_build_fingerprints_and_renders_every_page(tmp_path):
    site = Site()
    counts = site.build(tmp_path / "out", tmp_path / "pages-1-2.pickle")
    assert sorted(site.fingerprinted) == sorted(site.answers)
    assert counts.written == 7 and len(counts.blocks) == 3


def test_unchanged_blocks_reuse_their_pages_without_fingerprinting_them(site):
    site, output, record = site
    counts = site.build(output, record)
    assert site.fingerprinted == []
    assert site.rendered == ["report/"]  # rendered on every build
    assert (counts.reused, counts.unchanged, counts.written) == (6, 1, 0)


def test_in_a_changed_block_only_the_page_whose_inputs_changed_is_rendered(site):
    site, output, record = site
    site.answers["s1/0"] = "trả lời mới"
    counts = site.build(output, record)
    assert sorted(site.fingerprinted) == ["s1/0", "s1/1"]  # the block's pages, one by one
    assert sorted(site.rendered) == ["report/", "s1/0/"]
    assert counts.written == 1 and "trả lời mới" in (output / "s1/0/index.html").read_text(encoding="utf-8")
    assert site.build(output, record).written == 0  # and the block is settled again


def test_a_page_of_an_unchanged_block_whose_file_changed_is_rendered_again(site):
    site, output, record = site
    page = output / "s2/1/index.html"
    page.write_bytes(b"edited by hand")
    counts = site.build(output, record)
    assert site.fingerprinted == [] and sorted(site.rendered) == ["report/", "s2/1/"]
    assert counts.written == 1 and page.read_bytes() != b"edited by hand"


def test_a_record_from_another_site_key_reuses_nothing(site):
    site, output, record = site
    jobs = [Job("vi", page, page.url + "index.html") for page in site.pages()]
    stale = PageCache.load(record, b"another key")
    assert stale.found and stale.entries == {} and stale.blocks == {}
    assert stale.targets == {job.target for job in jobs}  # kept whatever the key: a build in place removes what is gone
    counts = render_all(jobs, lambda lang: None, site.render, output, None, stale, {"report"})
    assert counts.reused == 0


def test_a_record_not_in_the_cache_file_format_is_only_a_slower_build(tmp_path, capsys):
    import pickle
    old = tmp_path / "old.pickle"
    old.write_bytes(pickle.dumps((KEY, {"a/index.html": (b"f", 1, 2)}, frozenset({"a/index.html", "x.csv"}))))
    record = PageCache.load(old, KEY)
    assert not record.found and record.entries == {} and record.targets == frozenset()
    assert capsys.readouterr().err == (f"congkhai: tệp bộ nhớ đệm {old} không phải của Công khai, sẽ được tạo lại "
                                       "(lần dựng này chậm hơn, không cần làm gì) / "
                                       f"cache file {old} is of another format (no congkhai cache header); "
                                       "it is made again\n")


def test_a_damaged_record_is_only_a_slower_build(site, capsys):
    site, output, record = site
    data = bytearray(record.read_bytes())
    data[-10] ^= 0xFF
    record.write_bytes(bytes(data))
    counts = site.build(output, record)
    assert counts.reused == 0 and counts.written == 0 and counts.unchanged == 7  # rendered again, same bytes
    assert capsys.readouterr().err == (f"congkhai: tệp bộ nhớ đệm {record} bị hỏng, sẽ được tạo lại (lần dựng này "
                                       f"chậm hơn, không cần làm gì) / cache file {record} is damaged (checksum "
                                       "mismatch); it is made again\n")
    assert site.build(output, record).reused == 6  # and the record is whole again


@pytest.mark.skipif(workers.workers_for(workers.MIN_SECONDS) < 2, reason="needs fork and two cores")
def test_pages_rendered_by_forked_workers_are_those_rendered_in_the_build_process(tmp_path, monkeypatch):
    here = Site()
    counts = here.build(tmp_path / "here", tmp_path / "pages-1-1.pickle")
    assert len(here.rendered) == 7  # 7 pages: far below the threshold
    monkeypatch.setattr(rendering, "PAGE_SECONDS", workers.MIN_SECONDS)  # each page now worth forking for
    forked = Site()
    try:
        forked_counts = forked.build(tmp_path / "forked", tmp_path / "pages-1-2.pickle")
    finally:
        gc.unfreeze()  # frozen before the fork (the generator unfreezes after the build)
    assert forked.rendered == []  # rendered in the workers' copies of the site
    assert _tree(tmp_path / "forked") == _tree(tmp_path / "here")
    assert (forked_counts.written, forked_counts.blocks) == (counts.written, counts.blocks)
    assert ({target: entry[:2] for target, entry in forked_counts.entries.items()}
            == {target: entry[:2] for target, entry in counts.entries.items()})  # fingerprint and size


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _jobs(templates_and_blocks):
    return [Job("vi", Page(f"p{n}/", template, {}, None, Block(block, ()) if block else None), f"p{n}/index.html")
            for n, (template, block) in enumerate(templates_and_blocks)]


def test_the_schedule_puts_pages_rendered_every_time_first_then_pages_fingerprinted_one_by_one(monkeypatch):
    monkeypatch.setattr(rendering, "CHUNK", 2)
    jobs = _jobs([("item", "a"), ("item", "a"), ("item", "b"), ("item", "b"), ("group", None), ("report", None)])
    chunks = schedule(jobs, {"report"}, {"a"})
    assert chunks == [[5], [2, 3], [4], [0, 1]]  # block a settled (its fingerprint as recorded), block b not
    assert sorted(index for chunk in chunks for index in chunk) == list(range(len(jobs)))


def test_blocks_are_fingerprinted_once_each_and_follow_their_inputs():
    jobs = _jobs([("item", "a"), ("item", "a"), ("item", "b")])
    fingerprints = rendering.Fingerprinter()
    blocks = rendering.block_fingerprints(jobs, fingerprints, KEY)
    assert set(blocks) == {"a", "b"} and blocks["a"] != blocks["b"]
    jobs[0].page.block.inputs = ("changed",)
    assert rendering.block_fingerprints(jobs, rendering.Fingerprinter(), KEY)["a"] != blocks["a"]
    assert rendering.block_fingerprints(jobs, rendering.Fingerprinter(), b"other key")["b"] != blocks["b"]
