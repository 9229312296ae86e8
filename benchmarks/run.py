"""Benchmark: Công khai at province scale, side by side with plain Pelican (benchmarks/RESULTS.md).

For each N (items): generate a synthetic province (benchmarks/generate.py),
build it cold (validation, pages, search index timed separately) and build N
plain Markdown articles with plain Pelican and its `simple` theme, REPEATS
times each, one after the other (Công khai, Pelican, Công khai, …), so that
both see the same drift of the machine's speed: medians are reported, with
every run. Then rebuild after an edited answer as `invoke build` does
(BUILD_CACHE: first into a fresh folder hard-linked to the previous output,
then REBUILDS times in place in the spare folder, the steady state an editor
waits for: the median is reported, with every run).

Timed runs are not watched. Peak memory comes from one more cold build of its
own: the largest sum of PSS over the build's process tree (Pelican, its forked
workers, Pagefind), polled every 50 ms, with the largest sum of RSS beside it
(it counts the pages the forked workers share with their parent once per
process). Reading the PSS of a 1.5 GB process takes about 30 ms of CPU, so a
watched build on two busy cores runs slower (7 to 30 % in a synthetic test of
three forked processes holding 1.4 GB): its wall time is printed apart
(`watched_full_s`) and never used as the build's time. Plain Pelican's peak is
the largest RSS of its one process, from wait4.

    .venv/bin/python benchmarks/run.py            # N = 600, 5000, 20000
    .venv/bin/python benchmarks/run.py 600 5000
    .venv/bin/python benchmarks/run.py --repeats 1 20000   # one pair of cold builds, ~7 min

Not run in CI: it takes minutes. Results go into benchmarks/RESULTS.md by hand.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import generate  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2018-07-05"
REPEATS = 3  # cold builds timed per size, each beside a plain Pelican build; medians are reported
REBUILDS = 3  # rebuilds in place timed per size; the median is reported
SUMMARY = re.compile(r"congkhai: ([\d,]+) items, ([\d,]+) pages in [\d.]+ s \(content read and validated in "
                     r"([\d.]+) s; pages in ([\d.]+) s: ([\d,]+) written, ([\d,]+) unchanged, ([\d,]+) reused\)")


@dataclass
class Run:
    seconds: float
    stdout: str
    cpu_seconds: float
    max_rss_mb: float  # largest RSS of any one process of the tree (wait4's ru_maxrss)
    peak_mb: float = 0.0  # watched runs only: largest sum of PSS over the process tree
    peak_rss_mb: float = 0.0  # watched runs only: largest sum of RSS (shared pages once per process)
    stopped: str = ""  # watched runs only: why the watcher stopped the build before its end (else "")


def tree_memory(root: int) -> tuple[int, int]:
    """(PSS, RSS) of a process and all its descendants, in bytes (children from /proc, not a full scan).

    PSS (proportional set size) divides each shared page among the processes
    sharing it, so the sum over the tree is the memory the build really holds:
    forked renderers share most of their parent's pages copy-on-write, which a
    sum of RSS counts two or three times.
    """
    pss = rss = 0
    frontier = [root]
    while frontier:
        pid = frontier.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as f:
                    frontier += [int(child) for child in f.read().split()]
        except (OSError, ValueError):
            continue  # the process ended between two reads
    return pss, rss


def measure(command: list[str], cwd: Path, watch_memory: bool = False, interval: float = 0.05,
            stop_above_mb: float | None = None, stop_after_s: float | None = None) -> Run:
    """Run a command: wall time, CPU time of its process tree, largest single RSS;
    with watch_memory, also the peak sums of PSS and RSS over the tree, read every `interval`
    seconds (which slows it). A watched command whose tree passes stop_above_mb of PSS, or runs
    longer than stop_after_s, is killed with its whole process group (on a shared machine, before
    the kernel's OOM killer picks someone else's process): the Run says so in `stopped`."""
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               start_new_session=True)
    peak, output, stopped = [0, 0], [], []

    def stop(reason: str) -> None:
        stopped.append(reason)
        try:
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass

    def poll():
        while process.returncode is None and not stopped:
            pss, rss = tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            elapsed = time.perf_counter() - started
            if stop_above_mb is not None and pss / 2**20 > stop_above_mb:
                stop(f"stopped after {elapsed:.0f} s: the tree passed {stop_above_mb:,.0f} MB of PSS")
            elif stop_after_s is not None and elapsed > stop_after_s:
                stop(f"stopped after {elapsed:.0f} s: the time limit, its tree at {pss / 2**20:,.0f} MB of PSS")
            time.sleep(interval)

    reader = threading.Thread(target=lambda: output.append(process.stdout.read()), daemon=True)
    reader.start()
    watcher = threading.Thread(target=poll, daemon=True)
    if watch_memory:
        watcher.start()
    _, status, usage = os.wait4(process.pid, 0)  # its rusage: the tree's largest RSS, free
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    reader.join()
    process.stdout.close()
    if watch_memory:
        watcher.join()
    after = os.times()
    stdout = output[0]
    if stopped:
        try:  # what the build forked (the search indexer) is in its process group too
            os.killpg(process.pid, 9)
        except ProcessLookupError:
            pass
    elif process.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{stdout[-3000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Run(seconds, stdout, cpu, usage.ru_maxrss / 2**10, peak[0] / 2**20, peak[1] / 2**20,
               stopped[0] if stopped else "")


def pelican(content: Path, output: Path, settings: Path, overrides: dict, cwd: Path) -> list[str]:
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output),
               "--fatal", "warnings", "-v", "--log-handler", "plain"]
    if overrides:
        command += ["-e", *(f"{k}={json.dumps(v)}" for k, v in overrides.items())]
    return command


def index_alone(site: Path) -> Run:
    """Pagefind indexing a built site's indexed pages again, alone, in one bundle (one service,
    one core): its CPU time is what the search index costs whatever the build around it does."""
    return measure([sys.executable, "-c", "import sys; from pathlib import Path; "
                    "from pelican.plugins.congkhai.search.index import run_pagefind; run_pagefind(Path(sys.argv[1]))",
                    str(site)], ROOT)


SEARCH_LOG = re.compile(r"congkhai: search index: [\d,]+ files, [\d,]+ bytes in ([\d.]+) s")


def _alone(run: Run) -> dict:
    return {"search_alone_s": round(run.seconds, 2), "search_alone_cpu_s": round(run.cpu_seconds, 2)}


def search_seconds(stdout: str) -> float:
    """The search index's time as the build logged it (search.index_output)."""
    found = SEARCH_LOG.search(stdout)
    if not found:
        raise SystemExit("no search index line in the build's output:\n" + stdout[-3000:])
    return float(found.group(1))


def html_pages(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*.html") if "pagefind" not in p.parts)


def size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**20


def edit(answer: Path) -> None:
    answer.write_text(answer.read_text(encoding="utf-8") + "\nĐã kiểm tra lại kết quả.\n", encoding="utf-8")


def median(runs: list, key):
    """The middle run by key (the repeats and REBUILDS are odd)."""
    return sorted(runs, key=key)[len(runs) // 2]


class Province:
    """One synthetic province and its cold builds, rebuilds and memory run."""

    def __init__(self, n: int, work: Path):
        self.n, self.site = n, work / f"congkhai-{n}"
        generate(self.site / "content", n)
        self.overrides = {"AS_OF": AS_OF, "BUILD_COMMIT": "benchmark", "BUILD_CACHE": True}
        self.cold: list[Run] = []

    def build(self, folder: str, cache: str, watch_memory: bool = False, **extra) -> Run:
        overrides = {**self.overrides, "CACHE_PATH": str(self.site / cache), **extra}
        return measure(pelican(self.site / "content", self.site / folder, ROOT / "pelicanconf.py", overrides, ROOT),
                       ROOT, watch_memory)

    def cold_build(self) -> Run:
        """A build from nothing: no output folder, no cache. The last one's folder (A) stays for the rebuilds."""
        for leftover in ("A", "cache"):
            shutil.rmtree(self.site / leftover, ignore_errors=True)
        run = self.build("A", "cache")
        if not SUMMARY.search(run.stdout):
            raise SystemExit(run.stdout[-3000:])
        self.cold.append(run)
        return run

    def results(self) -> dict:
        site = self.site
        # Peak memory from a watched cold build of its own, in its own folders.
        watched = self.build("M", "cache-M", watch_memory=True)
        shutil.rmtree(site / "M")
        shutil.rmtree(site / "cache-M")
        # After an edited answer, `invoke build` (tasks.build_into) does one of two things. The
        # first cached build has no spare folder yet: it fills a fresh folder (B) with hard links
        # to A's unchanged pages (PREVIOUS_OUTPUT). From then on it updates the spare folder in
        # place (here A, two builds old) and swaps it in: that is the rebuild an editor waits for.
        answers = sorted((site / "content" / "responses").rglob("*.md"))
        edit(answers[len(answers) // 2])
        linked = self.build("B", "cache", PREVIOUS_OUTPUT=str(site / "A"))
        # The rebuild in place is timed REBUILDS times, each after another edited answer and in the
        # folder two builds old (A, B, A, ...), as `invoke build` alternates: one run of an 8 s
        # build moves by a second or more on these machines, so the median is what is reported.
        rebuilds = []
        for number in range(REBUILDS):
            edit(answers[len(answers) * (number + 1) // (REBUILDS + 2)])
            again = self.build(("A", "B")[number % 2], "cache")
            rebuilds.append((again.seconds - search_seconds(again.stdout), again))
        rebuild_s, again = median(rebuilds, key=lambda pair: pair[0])
        summary_b = SUMMARY.search(again.stdout)
        # The build ends with the search index (generator.py) and logs its time: that is
        # what is taken off. Indexing the same output again on its own (`search_alone_s`)
        # runs one bundle on one core: its wall is not the build's, its CPU
        # (`search_alone_cpu_s`) is what Pagefind costs whatever the rest of the build does.
        full = median(self.cold, key=lambda run: run.seconds)
        summary = SUMMARY.search(full.stdout)
        search_s, search_b_s = search_seconds(full.stdout), search_seconds(again.stdout)
        pages = html_pages(site / "A")
        result = {
            "items": self.n, "pages": pages, "full_s": full.seconds,
            "full_runs_s": [round(run.seconds, 1) for run in self.cold],
            "cpu_s": full.cpu_seconds,
            "validation_s": float(summary.group(3)), "pages_s": float(summary.group(4)), "search_s": search_s,
            **_alone(index_alone(site / "A")),
            "peak_mb": watched.peak_mb, "peak_rss_sum_mb": watched.peak_rss_mb,
            "largest_process_rss_mb": watched.max_rss_mb, "watched_full_s": watched.seconds,
            "output_mb": size_mb(site / "A"),
            "pages_per_s": pages / max(1e-9, full.seconds - search_s),
            "pages_per_s_runs": [round(pages / (run.seconds - search_seconds(run.stdout))) for run in self.cold],
            "incremental_s": rebuild_s, "incremental_runs_s": [round(seconds, 2) for seconds, _ in rebuilds],
            "incremental_search_s": search_b_s, "incremental_cpu_s": again.cpu_seconds,
            "first_cached_s": linked.seconds - search_seconds(linked.stdout),
            "incremental_written": summary_b.group(5), "incremental_reused": summary_b.group(7),
            "incremental_rendered_same": summary_b.group(6),
            "incremental_share": rebuild_s / max(1e-9, full.seconds - search_s),
        }
        shutil.rmtree(site)
        return result


PLAIN_CONF = """AUTHOR = "Benchmark"
SITENAME = "Plain Pelican"
SITEURL = ""
TIMEZONE = "Asia/Ho_Chi_Minh"
DEFAULT_LANG = "vi"
THEME = "simple"
PLUGINS = []  # plain: without this, Pelican would discover the installed congkhai plugin
ARTICLE_URL = "{slug}/"
ARTICLE_SAVE_AS = "{slug}/index.html"
FEED_ALL_ATOM = CATEGORY_FEED_ATOM = TRANSLATION_FEED_ATOM = AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = False
"""


class PlainSite:
    """N Markdown articles of the length of an item page's text and answer, built with plain Pelican."""

    def __init__(self, n: int, work: Path):
        self.n, self.site = n, work / f"plain-{n}"
        content = self.site / "content"
        content.mkdir(parents=True)
        (self.site / "pelicanconf.py").write_text(PLAIN_CONF, encoding="utf-8")
        body = ("Tuyến đường liên thôn đã xuống cấp nghiêm trọng, mùa mưa lầy lội. Đề nghị huyện kiểm tra. "
                "Phòng Kinh tế - Hạ tầng đã phối hợp với UBND xã kiểm tra thực tế và rà soát hồ sơ.\n\n") * 3
        for i in range(n):
            (content / f"a{i}.md").write_text(
                f"Title: Nội dung số {i}\nDate: 2018-01-{i % 28 + 1:02d}\nCategory: c{i % 12}\nTags: t{i % 40}\n"
                f"Slug: noi-dung-{i}\n\n{body}", encoding="utf-8")
        self.runs: list[Run] = []

    def cold_build(self) -> Run:
        shutil.rmtree(self.site / "output", ignore_errors=True)
        run = measure([sys.executable, "-m", "pelican", str(self.site / "content"), "-s",
                       str(self.site / "pelicanconf.py"), "-o", str(self.site / "output")], self.site)
        self.runs.append(run)
        return run

    def results(self) -> dict:
        pages = html_pages(self.site / "output")
        full = median(self.runs, key=lambda run: run.seconds)
        result = {"items": self.n, "pages": pages, "full_s": full.seconds,
                  "full_runs_s": [round(run.seconds, 1) for run in self.runs], "cpu_s": full.cpu_seconds,
                  "peak_mb": full.max_rss_mb, "pages_per_s": pages / full.seconds,
                  "output_mb": size_mb(self.site / "output")}
        shutil.rmtree(self.site)
        return result


def compare(n: int, work: Path, repeats: int = REPEATS) -> dict:
    """`repeats` cold builds of each, one after the other, then Công khai's rebuilds and memory run."""
    ours, plain = Province(n, work), PlainSite(n, work)
    for _ in range(repeats):
        ours.cold_build()
        plain.cold_build()
    ours_result, plain_result = ours.results(), plain.results()
    # Each pair's ratio: one Công khai build and the plain Pelican build right after it.
    pairs = [ours_result["pages"] / (built.seconds - search_seconds(built.stdout))
             / (plain_result["pages"] / pelican_run.seconds) for built, pelican_run in zip(ours.cold, plain.runs)]
    return {"congkhai": ours_result, "plain_pelican": plain_result,
            "pages_per_s_ratio": ours_result["pages_per_s"] / plain_result["pages_per_s"],
            "pages_per_s_ratio_runs": [round(ratio, 2) for ratio in pairs],
            "load_average": os.getloadavg()[0]}


def main(argv: list[str]) -> None:
    repeats = REPEATS
    if argv[:1] == ["--repeats"]:
        repeats, argv = int(argv[1]), argv[2:]
        if repeats < 1 or repeats % 2 == 0:
            sys.exit("--repeats takes an odd number: the median is the middle run")
    sizes = [int(a) for a in argv] or [600, 5000, 20000]
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-") as tmp:
        for n in sizes:
            print(json.dumps(compare(n, Path(tmp), repeats), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
