"""The Pelican side: read the content tree, then render and write every page and file, then
index them for search.

With plugin.py, the only module that knows Pelican; it imports every room and the registry
(families.py). Reading and validating happen in generate_context (so a bad tree stops the
build before anything is written); rendering, the file families and the index in
generate_output.
"""

from __future__ import annotations

import functools
import gc
import logging
import sys
import time
from pathlib import Path

from pelican.generators import Generator

from . import families, shards
from .build import families as file_families
from .build import faults, rendering, rowcache, workers
from .build.files import gc_paused, write_if_changed
from .build.fingerprint import Fingerprinter, code_version
from .content.problems import ContentError, format_problems
from .domain import deadlines
from .domain.checking import GIVEN, Checked, check_content, reusable
from .outputs import admin
from .search import index as search_index
from .search import page as search_page
from .search import terms as search_terms
from .settings import SettingsError, parse_shard, resolve
from .site import environment, i18n
from .site import fingerprints as site_fingerprints
from .site.contexts import CONTEXTS
from .site.markup import Markdown
from .site.views import SiteView

log = logging.getLogger(__name__)
FAMILY_SECONDS = "families-seconds.cache"  # in the cache folder: what each file family took last time


class ContentRefused(ContentError):
    """The problems were printed already; Pelican's log gets one short line."""

    def __str__(self) -> str:
        count = len(self.problems)
        return (f"{count} lỗi nội dung, xem danh sách ở trên; chưa đăng gì / {count} content problem(s), listed "
                "above; nothing was published.")


def load_content(content_dir, options=None, cache_dir=None, checked: Checked | None = None):
    """Read, validate and build: (content, seeds of the page fingerprints, the check's seconds if it
    was made before and taken here, else 0); raise ContentError with every problem at once.

    The problems go to stderr one plain line each (`path:line: field: …`):
    Pelican's rich log handler would wrap them, and editors and CI grep them.
    cache_dir: files whose bytes are unchanged are not parsed nor checked again, and files whose
    stamp is unchanged not even read (BUILD_CACHE, content/checkcache.py).
    checked: a check of the same tree made in this process before Pelican started (tools/build.py),
    taken as it is when it stands for this build (domain/checking.reusable), not made again.
    """
    options = options or {}
    taken = reusable(checked, content_dir, options, cache_dir)
    if not taken:
        checked, problems = check_content(content_dir, options, cache_dir)
        if problems:
            print(format_problems(problems), file=sys.stderr, flush=True)
            raise ContentRefused(problems)
    with gc_paused():
        seeds = site_fingerprints.source_versions(checked.checks) if cache_dir else {}  # the items have their responses
        # Out of the cycle collector's way: its full collections while pages
        # render would otherwise walk the whole model each time.
        gc.freeze()
    return checked.model, seeds, checked.seconds if taken else 0.0


def worker_refusal(failure: workers.WorkerFailed) -> str:
    """What the person building reads when a forked worker or task failed: a process that died
    (killed: most often by the system, out of memory) and what to do, or a task that raised."""
    if failure.died:
        return ("congkhai: một tiến trình của bản dựng bị dừng giữa chừng, nhiều khả năng vì máy hết bộ nhớ; hãy dựng "
                "trên máy nhiều bộ nhớ hơn, trên ít lõi hơn (`taskset -c 0 invoke build`: một tiến trình) hoặc theo "
                "phân đoạn (`invoke build --shards N`, xem docs/scaling.md) / a build process was stopped partway, "
                "most likely because the machine ran out of memory; build with more memory, on fewer cores "
                "(`taskset -c 0 invoke build`: one process) or in shards (`invoke build --shards N`, see "
                f"docs/scaling.md):\n{failure}")
    return ("congkhai: một phần của bản dựng gặp lỗi trong tiến trình riêng của nó; gửi các dòng dưới đây cho người "
            "quản trị kỹ thuật / part of the build failed in its own process; send the lines below to the site's "
            f"technical administrator:\n{failure}")


def _refusing_plainly(step):
    """A build step whose refusals end the build with their own lines, never a traceback:
    Pelican logs any exception with its traceback (pelican.main), but not SystemExit. A full
    or read-only disk is named with the file and the system's words, which tasks.py reads."""
    @functools.wraps(step)
    def run(self, *args):
        try:
            return step(self, *args)
        except ContentRefused as refused:
            print(f"congkhai: {refused}", file=sys.stderr, flush=True)
        except SettingsError as error:
            print(f"congkhai: {error.vietnamese()}", file=sys.stderr, flush=True)
        except shards.ShardError as refused:
            print(f"{refused}\ncongkhai: chưa đăng gì / nothing was published.", file=sys.stderr, flush=True)
        except workers.WorkerFailed as failure:
            print(worker_refusal(failure), file=sys.stderr, flush=True)
        except search_index.SearchIndexError as failure:
            print("congkhai: không làm được chỉ mục tìm kiếm, chưa đăng gì; gửi các dòng dưới đây cho người quản trị "
                  f"kỹ thuật / the search index could not be made, nothing was published:\n{failure}",
                  file=sys.stderr, flush=True)
        except OSError as error:
            print(f"congkhai: {error.filename or self.output_path}: không ghi hoặc đọc được ({error.strerror}) / "
                  f"cannot be written or read: {error.strerror} [Errno {error.errno}]", file=sys.stderr, flush=True)
        raise SystemExit(1)
    return run


class CongkhaiGenerator(Generator):
    """Every page and file of families.py, then the search index: the Pelican side of the build.

    Reading and validating happen in generate_context (so a bad tree stops the build
    before anything is written); rendering, the file families and the search index in
    generate_output. The build's state is the generator's own, declared here.
    """

    options: dict  # Công khai's settings, resolved
    view: SiteView | None  # the content as of the build's day; released before the search index
    languages: environment.Languages  # the templates of each interface language
    timings: dict[str, float]  # content: seconds to read, check and model it
    _seeds: dict | None  # the model objects named by their files (site/fingerprints.py), with the cache

    @_refusing_plainly
    def generate_context(self):
        extension = environment.prepare(self.env)
        self.options = resolve(self.settings)
        # The editing links lead to /admin/, which is built only where npm installed the editor.
        self.options["EDITOR_LINKS"] = (self.options["EDITOR_LINKS"] and self.options["WEB_EDITOR"]
                                        and admin.bundle_present(Path(self.path)))
        started = time.perf_counter()
        cache_dir = self._cache_dir()
        # A check made in this process before Pelican started (tools/build.py), if any: taken if it
        # stands, and out of the settings, which the pages' key digests (site/fingerprints.py).
        given = self.settings.pop(GIVEN, None)
        self.context.pop(GIVEN, None)
        content, self._seeds, before = load_content(Path(self.path), self.options, cache_dir, given)
        # read + validate + model: here, or in the check before Pelican started that handed them over
        self.timings = {"content": before + time.perf_counter() - started}
        markdown = Markdown.load(cache_dir / "markdown.pickle") if cache_dir else Markdown()
        self.view = SiteView(content, self.options["AS_OF"], self.options["REPORTS"],
                             deadlines.policy_from(self.options), self.options, markdown)
        # The same for every page of the build: globals, so that macro modules imported
        # without context (cached per template, per language) can read them too.
        view = self.view
        self.env.filters.update({**environment.filters(view), "search_terms": search_terms.folded_terms})
        self.env.globals.update({
            **environment.site_globals(view, self.options),
            "search_data": lambda item=None, session=None: search_page.search_data(view, item, session),
            "search_url": search_page.SEARCH_URL,
        })
        self.languages = environment.Languages(
            self.env, extension, Path(self.theme) / "translations", self.options["LANGUAGES"],
            self.settings.get("SITEURL", ""), code_version(), self.context, cache_dir)

    def _install_language(self, lang):
        """Interface strings, labels, dates, numbers and page URLs of one language."""
        self._templates = self.languages.install(lang)

    @_refusing_plainly
    def generate_output(self, writer):
        shard, merged = self._sharding()
        if merged is not None:
            self._merge(merged)
            return
        view = self.view
        plan = search_page.bundles(view) if shard is None else list(shard.bundles)  # the bundles the search page names
        if shard is not None:  # what the manifest says, from the view, which is let go of before the index
            stamped = shards.stamp(view, self.settings, Path(self.theme), Path(self.path))
            counted = shards.figures(view, shard.sessions)
        pages = self._write_site(None if shard is None else (lambda page: shard.owns(page.url)),
                                 with_files=shard is None)
        faults.point("pages")
        self._release_memory()
        # Every build ends with an index of what it wrote. The model's memory is given back
        # once the first Pagefind runs have started, beside them, not before them.
        # A shard's bundles are made afresh: the merge takes their folders, never a recent bundle.
        settings = self.settings if shard is None else {**self.settings, "BUILD_CACHE": False}
        search_index.index_site(Path(self.output_path), plan, settings, pages,
                                while_indexing=[workers.give_back_memory])
        if shard is not None:
            shards.write_manifest(Path(self.output_path), shard, stamped, list(pages), counted)
        faults.point("indexed")

    def _sharding(self):
        """(the shard this build makes, or None; every shard's part when it merges them, or None)."""
        parsed = parse_shard(self.options["BUILD_SHARD"])
        if parsed:
            number, count = parsed
            return shards.plan(self.view, count)[number - 1], None
        if self.options["MERGE_SHARDS"]:
            return None, shards.plan(self.view, len(self.options["MERGE_SHARDS"]))
        return None, None

    def _merge(self, merged):
        """The site-wide pages and files, rendered here, and every shard's pages and search bundles,
        taken from its folder once its manifest agrees with this build's own view of the content;
        a disagreement refuses the merge before anything is rendered."""
        view, output = self.view, Path(self.output_path)
        manifests = shards.read_manifests([Path(folder) for folder in self.options["MERGE_SHARDS"]])
        problems = shards.check(manifests, merged, shards.stamp(view, self.settings, Path(self.theme),
                                                                Path(self.path)), view)
        if problems:
            raise shards.ShardError(problems)
        theirs = frozenset().union(*(shard.sessions for shard in merged))
        plan = search_page.bundles(view)
        self._write_site(lambda page: shards.page_session(page.url) not in theirs)
        faults.point("pages")
        self._release_memory()
        taken = shards.take(output, manifests)
        search_index.write_recent_manifest(output, plan)  # a clean index: no shard has a recent bundle
        print(f"congkhai: {len(manifests)} shards merged: {taken:,} files taken", flush=True)
        faults.point("indexed")

    def _release_memory(self):
        """Let go of the model before the search index runs, and give its memory back as it starts.

        Pagefind runs after this while this process waits for it; at province scale
        both together set the build's peak memory. Nothing reads the view after the
        pages and files are written. Freeing the model takes a cycle collection, about
        half a second at 20,000 items: it runs once Pagefind has started, beside it,
        not before it, while Pagefind's own memory is still small.
        """
        self.languages.release()
        self._templates = {}
        self.view = None
        self._seeds = None  # they name every model object: kept, they kept the whole model alive
        gc.unfreeze()  # build/workers.py froze the model before forking the renderers

    def _write_site(self, wanted=None, with_files=True):
        """Render the pages (those `wanted` keeps, or all) and, with_files, write the file families."""
        view = self.view
        base = self.context  # view, content, as_of, figures and options are globals (generate_context)
        output = Path(self.output_path)
        languages = self.options["LANGUAGES"]
        cache_dir = self._cache_dir()

        def render(lang, page):
            template = self.get_template(page.template)
            return template.render({**base, **page.values(), "page_url": page.url, "lang": lang}).encode("utf-8")

        # Everything made from here to the renderers' fork lives until the pages are written: the
        # cycle collector would only walk it, three full passes of 0.2 s at 20,000 items.
        with gc_paused():
            key, fingerprints = b"", None
            if cache_dir:  # before anything forks, so that every process inherits them: the stored
                # conversions, the model's digests, the families' rows (and the page record's key)
                key = site_fingerprints.site_key(self.settings, Path(self.theme), view)
                fingerprints = site_fingerprints.model_fingerprints(view, self._seeds)
                row_caches = rowcache.RowCaches(cache_dir, key, fingerprints.digest)
            else:
                row_caches = None
            previous, record, always = self._page_reuse(output, key)
            view.body_reports  # made once here, before the forks: the body pages and the Word reports both read it
            pages = families.all_pages(view)  # every page, for the sitemap, even those another shard renders
            rendered = pages if wanted is None else [page for page in pages if wanted(page)]
            jobs = rendering.jobs_by_block(rendered, languages, i18n.localise)
            # The blocks' fingerprints, before the families start: a Word report stands while its block does.
            fingerprints = fingerprints or Fingerprinter()
            blocks = rendering.block_fingerprints(jobs, fingerprints, record.site_key)
            kept = file_families.Kept(record.entries, previous or output,
                                      rendering.settled_blocks(record, blocks)) if record.entries else None
            # Data files, feeds, calendar, sitemap: written by the renderers' workers before their
            # pages (pooled), not by processes of their own: each forked process comes to hold its
            # own copy of the view it reads, and the renderers read it anyway.
            seconds_path = cache_dir / FAMILY_SECONDS if cache_dir else None
            files = (file_families.start(families.writers(families.FILE_FAMILIES, row_caches, pages), view=view,
                                        settings=self.settings, output=output, write=write_if_changed,
                                        shared=view.markdown if cache_dir else None, kept=kept,
                                        seconds=file_families.load_seconds(seconds_path))
                     if with_files else None)

            # Every theme template (partials too) compiled once per language, before the renderers fork.
            templates = Path(self.theme) / "templates"
            for lang in languages:
                self._install_language(lang)
                for name in sorted(p.relative_to(templates).as_posix() for p in templates.rglob("*.html")):
                    self.env.get_template(name)
            gc.freeze()  # so that the collector, on again, does not walk all of it once (60 ms) before the fork
        counts = rendering.render_all(jobs, self._install_language, render, output, previous, record, always,
                                      fingerprints=fingerprints, tasks=files.tasks if files is not None else None,
                                      blocks=blocks)
        files_made = files.finish() if files is not None else file_families.Written(0, 0)
        if previous is None and record.found:  # built in place: what the folder's last build made and this one did not
            rendering.remove_stale(output, record, {job.target for job in jobs} | files_made.paths)
        record.save({**counts.entries, **files_made.entries}, files_made.paths, counts.blocks)
        if with_files:
            file_families.save_seconds(seconds_path, files_made.seconds)
        written, unchanged = counts.written + files_made.written, counts.unchanged + counts.reused + files_made.unchanged
        if cache_dir:
            view.markdown.save(cache_dir / "markdown.pickle")
        log.info("congkhai: %d items, %d files written, %d unchanged (as of %s)",
                 len(view.items), written, unchanged, view.as_of.isoformat())
        rendering.summary(len(view.items), counts, self.timings)
        return counts.entries  # the search index keeps the bundles whose pages are as they were

    def _cache_dir(self):
        return Path(self.settings["CACHE_PATH"]) / "congkhai" if self.options["BUILD_CACHE"] else None

    def _page_reuse(self, output: Path, key: bytes):
        """(previous output, page record, templates always rendered), per BUILD_CACHE.

        Pages, and the file families' deferred files, are reused from PREVIOUS_OUTPUT
        (hard-linked into a fresh folder) when it is set, else from the output folder itself
        (built in place: an unchanged page is not touched at all). Each folder has its own
        record (rendering.record_path).
        """
        if not self.options["BUILD_CACHE"]:
            return None, rendering.PageCache(None), set()
        previous = rendering.previous_output(self.options["PREVIOUS_OUTPUT"], output)
        output.mkdir(parents=True, exist_ok=True)
        source = previous or output
        cache = rendering.PageCache.load(rendering.record_path(self._cache_dir(), output), key,
                                         rendering.record_path(self._cache_dir(), source))
        always = {context.template for context in CONTEXTS if context.site_wide}
        return previous, cache, always
