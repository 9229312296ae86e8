"""Benchmark: Công khai at province scale, side by side with plain Pelican (issue 9).

For each N (items): generate a synthetic province (benchmarks/generate.py),
build it cold (validation, pages, search index timed separately), rebuild it
after an edited answer as `invoke build` does (BUILD_CACHE: first into a
fresh folder hard-linked to the previous output, then REBUILDS times in place
in the spare folder, the steady state an editor waits for: the median is
reported, with every run), and build N plain Markdown articles with plain Pelican and its `simple` theme.
Peak memory is the largest sum of PSS over the build's process tree (Pelican,
its forked workers, Pagefind), polled every 50 ms; the largest sum of RSS is
printed beside it (it counts the pages the forked workers share with their
parent once per process).

    .venv/bin/python benchmarks/run.py            # N = 600, 5000, 20000
    .venv/bin/python benchmarks/run.py 600 5000

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
REBUILDS = 3  # rebuilds in place timed per size; the median is reported
SUMMARY = re.compile(r"congkhai: ([\d,]+) items, ([\d,]+) pages in [\d.]+ s \(content read and validated in "
                     r"([\d.]+) s; pages in ([\d.]+) s: ([\d,]+) written, ([\d,]+) unchanged, ([\d,]+) reused\)")


@dataclass
class Run:
    seconds: float
    peak_mb: float  # largest sum of PSS over the process tree
    stdout: str
    cpu_seconds: float
    peak_rss_mb: float = 0.0  # largest sum of RSS: counts pages shared by forked workers once per process


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


def measure(command: list[str], cwd: Path) -> Run:
    """Run a command; wall time, peak PSS and RSS of its process tree, CPU time of the tree."""
    before = os.times()
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0, 0]

    def poll():
        while process.poll() is None:
            pss, rss = tree_memory(process.pid)
            peak[0], peak[1] = max(peak[0], pss), max(peak[1], rss)
            time.sleep(0.05)

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    stdout, _ = process.communicate()
    seconds = time.perf_counter() - started
    watcher.join()
    after = os.times()
    if process.returncode:
        raise SystemExit(f"failed: {' '.join(command)}\n{stdout[-3000:]}")
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Run(seconds, peak[0] / 2**20, stdout, cpu, peak[1] / 2**20)


def pelican(content: Path, output: Path, settings: Path, overrides: dict, cwd: Path) -> list[str]:
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings), "-o", str(output),
               "--fatal", "warnings", "-v", "--log-handler", "plain"]
    if overrides:
        command += ["-e", *(f"{k}={json.dumps(v)}" for k, v in overrides.items())]
    return command


def index_seconds(site: Path) -> float:
    """Wall time of Pagefind indexing a built site (what the build's finalized hook runs)."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                    "from pelican.plugins.congkhai.search import run_pagefind; run_pagefind(Path(sys.argv[1]))",
                    str(site)], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


SEARCH_LOG = re.compile(r"congkhai: search index: [\d,]+ files, [\d,]+ bytes in ([\d.]+) s")


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


def congkhai(n: int, work: Path) -> dict:
    site = work / f"congkhai-{n}"
    generate(site / "content", n)
    cache = site / "cache"
    overrides = {"AS_OF": AS_OF, "BUILD_COMMIT": "benchmark", "BUILD_CACHE": True, "CACHE_PATH": str(cache)}
    full = measure(pelican(site / "content", site / "A", ROOT / "pelicanconf.py", overrides, ROOT), ROOT)
    summary = SUMMARY.search(full.stdout)
    if not summary:
        raise SystemExit(full.stdout[-3000:])
    # After an edited answer, `invoke build` (tasks.build_into) does one of two things. The
    # first cached build has no spare folder yet: it fills a fresh folder (B) with hard links
    # to A's unchanged pages (PREVIOUS_OUTPUT). From then on it updates the spare folder in
    # place (here A, two builds old) and swaps it in: that is the rebuild an editor waits for.
    answers = sorted((site / "content" / "responses").rglob("*.md"))
    edit(answers[len(answers) // 2])
    linked = measure(pelican(site / "content", site / "B", ROOT / "pelicanconf.py",
                             {**overrides, "PREVIOUS_OUTPUT": str(site / "A")}, ROOT), ROOT)
    # The rebuild in place is timed REBUILDS times, each after another edited answer and in the
    # folder two builds old (A, B, A, ...), as `invoke build` alternates: one run of an 8 s
    # build moves by a second or more on these machines, so the median is what is reported.
    rebuilds = []
    for number in range(REBUILDS):
        edit(answers[len(answers) * (number + 1) // (REBUILDS + 2)])
        folder = site / ("A", "B")[number % 2]
        again = measure(pelican(site / "content", folder, ROOT / "pelicanconf.py", overrides, ROOT), ROOT)
        rebuilds.append((again.seconds - search_seconds(again.stdout), again))
    rebuild_s, again = sorted(rebuilds, key=lambda pair: pair[0])[len(rebuilds) // 2]
    summary_b = SUMMARY.search(again.stdout)
    # The build ends with the search index (a `finalized` hook) and logs its time: that is
    # what is taken off. Indexing the same output again on its own (`search_alone_s`) is
    # faster, as the page files are then long written to disk: taking that off instead
    # would count part of the index's time as page time.
    search_s, search_b_s = search_seconds(full.stdout), search_seconds(again.stdout)
    pages = html_pages(site / "A")
    result = {
        "items": n, "pages": pages, "full_s": full.seconds, "cpu_s": full.cpu_seconds,
        "validation_s": float(summary.group(3)), "pages_s": float(summary.group(4)), "search_s": search_s,
        "search_alone_s": index_seconds(site / "A"),
        "peak_mb": full.peak_mb, "peak_rss_sum_mb": full.peak_rss_mb, "output_mb": size_mb(site / "A"),
        "pages_per_s": pages / max(1e-9, full.seconds - search_s),
        "incremental_s": rebuild_s, "incremental_runs_s": [round(seconds, 2) for seconds, _ in rebuilds],
        "incremental_search_s": search_b_s, "incremental_cpu_s": again.cpu_seconds,
        "first_cached_s": linked.seconds - search_seconds(linked.stdout),
        "incremental_written": summary_b.group(5), "incremental_reused": summary_b.group(7),
        "incremental_rendered_same": summary_b.group(6),
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


def plain_pelican(n: int, work: Path) -> dict:
    """N Markdown articles of the length of an item page's text and answer."""
    site = work / f"plain-{n}"
    content = site / "content"
    content.mkdir(parents=True)
    (site / "pelicanconf.py").write_text(PLAIN_CONF, encoding="utf-8")
    body = ("Tuyến đường liên thôn đã xuống cấp nghiêm trọng, mùa mưa lầy lội. Đề nghị huyện kiểm tra. "
            "Phòng Kinh tế - Hạ tầng đã phối hợp với UBND xã kiểm tra thực tế và rà soát hồ sơ.\n\n") * 3
    for i in range(n):
        (content / f"a{i}.md").write_text(
            f"Title: Nội dung số {i}\nDate: 2018-01-{i % 28 + 1:02d}\nCategory: c{i % 12}\nTags: t{i % 40}\n"
            f"Slug: noi-dung-{i}\n\n{body}", encoding="utf-8")
    run = measure([sys.executable, "-m", "pelican", str(content), "-s", str(site / "pelicanconf.py"),
                   "-o", str(site / "output")], site)
    pages = html_pages(site / "output")
    result = {"items": n, "pages": pages, "full_s": run.seconds, "cpu_s": run.cpu_seconds,
              "peak_mb": run.peak_mb, "peak_rss_sum_mb": run.peak_rss_mb, "pages_per_s": pages / run.seconds, "output_mb": size_mb(site / "output")}
    shutil.rmtree(site)
    return result


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [600, 5000, 20000]
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="congkhai-bench-") as tmp:
        work = Path(tmp)
        for n in sizes:
            ours, plain = congkhai(n, work), plain_pelican(n, work)
            print(json.dumps({"congkhai": ours, "plain_pelican": plain,
                              "pages_per_s_ratio": ours["pages_per_s"] / plain["pages_per_s"],
                              "load_average": os.getloadavg()[0]}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
