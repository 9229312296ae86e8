"""Benchmark: how the full build grows with the province, and what its heaviest page weighs.

For each N (items), one cold build of the synthetic province (benchmarks/generate.py) with
the project's settings as of 2018-07-05, search index included, its process tree watched:
the wall and CPU time, the peak sum of PSS over the tree (Pelican, its forked workers,
Pagefind; benchmarks/run.py's tree_memory, polled every POLL seconds: reading the PSS of a
large process costs CPU, so a large build is polled less often), the build's own phases,
and the heaviest HTML page as nginx sends it (gzip at its default level, 1). The figures
go to benchmarks/scaling.json, and the chart of build time against items, with the fitted
line, to benchmarks/scaling.svg (RESULTS.md shows it); both are committed.

    flock /work/wt/bench.lock .venv/bin/python benchmarks/scale.py 20000 50000 100000 200000
    .venv/bin/python benchmarks/scale.py --chart      # the SVG and RESULTS.md's table again from scaling.json

Not run in CI: a 200,000-item build takes about half an hour on two cores.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from generate import AS_OF, generate  # noqa: E402
from run import SUMMARY, Run, measure, pelican, search_seconds  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
RESULTS, CHART = HERE / "scaling.json", HERE / "scaling.svg"
NGINX_GZIP_LEVEL = 1  # nginx's gzip_comp_level when unset (docs/nginx/congkhai.conf sets none)
MEMORY_LIMIT_MB = 4096
PAGE_LIMIT_BYTES = 100 * 1024


def poll_interval(items: int) -> float:
    return 0.1 if items <= 20000 else 0.5


def watched_build(content: Path, output: Path, cache: Path, items: int, stop_above_mb: float | None = None,
                  stop_after_s: float | None = None) -> Run:
    """One cold build with the project's settings, its process tree watched (and stopped past the limits)."""
    overrides = {"AS_OF": AS_OF.isoformat(), "BUILD_COMMIT": "benchmark", "BUILD_CACHE": True,
                 "CACHE_PATH": str(cache)}
    return measure(pelican(content, output, ROOT / "pelicanconf.py", overrides, ROOT), ROOT, watch_memory=True,
                   interval=poll_interval(items), stop_above_mb=stop_above_mb, stop_after_s=stop_after_s)


def heaviest_pages(site: Path, count: int = 5) -> list[tuple[int, int, str]]:
    """(gzip bytes as nginx sends them, raw bytes, path) of the heaviest HTML pages."""
    found = []
    for path in site.rglob("*.html"):
        if "pagefind" in path.relative_to(site).parts:
            continue
        data = path.read_bytes()
        found.append((len(gzip.compress(data, NGINX_GZIP_LEVEL, mtime=0)), len(data),
                      path.relative_to(site).as_posix()))
    return sorted(found, reverse=True)[:count]


def measure_size(items: int, work: Path, stop_above_mb: float | None = None, stop_at: float | None = None) -> dict:
    """One size's row; a build stopped by the watcher (stop_above_mb of PSS, or the clock past
    stop_at, seconds since the epoch) gives a row of what was seen until then, `stopped` saying why."""
    site = work / f"province-{items}"
    counts = generate(site / "content", items)
    run = watched_build(site / "content", site / "output", site / "cache", items, stop_above_mb,
                        None if stop_at is None else stop_at - time.time())
    if run.stopped:
        shutil.rmtree(site)
        return {"items": items, "sessions": counts["sessions"], "responses": counts["responses"],
                "bodies": counts["bodies"], "stopped": run.stopped, "wall_s": round(run.seconds, 1),
                "peak_pss_mb": round(run.peak_mb), "peak_rss_sum_mb": round(run.peak_rss_mb),
                "poll_s": poll_interval(items), "load_average": round(os.getloadavg()[0], 2),
                "last_output": run.stdout.strip().splitlines()[-3:]}
    summary = SUMMARY.search(run.stdout)
    heaviest = heaviest_pages(site / "output")
    pages = sum(1 for p in (site / "output").rglob("*.html") if "pagefind" not in p.parts)
    result = {
        "items": items, "sessions": counts["sessions"], "responses": counts["responses"], "bodies": counts["bodies"],
        "pages": pages, "wall_s": round(run.seconds, 1), "cpu_s": round(run.cpu_seconds, 1),
        "content_s": float(summary.group(3)), "pages_s": float(summary.group(4)),
        "search_s": search_seconds(run.stdout), "peak_pss_mb": round(run.peak_mb),
        "peak_rss_sum_mb": round(run.peak_rss_mb), "largest_process_rss_mb": round(run.max_rss_mb),
        "poll_s": poll_interval(items),
        "heaviest": [{"path": path, "gzip_bytes": packed, "bytes": raw} for packed, raw, path in heaviest],
        "load_average": round(os.getloadavg()[0], 2),
    }
    shutil.rmtree(site)
    return result


def fit(points: list[tuple[float, float]]) -> tuple[float, float, float]:
    """Least squares: (slope, intercept, R²) of y against x."""
    n = len(points)
    mx, my = sum(x for x, _ in points) / n, sum(y for _, y in points) / n
    sxx = sum((x - mx) ** 2 for x, _ in points)
    slope = sum((x - mx) * (y - my) for x, y in points) / sxx
    intercept = my - slope * mx
    total = sum((y - my) ** 2 for _, y in points)
    residual = sum((y - slope * x - intercept) ** 2 for x, y in points)
    return slope, intercept, 1 - residual / total if total else 1.0


def finished(rows: list[dict]) -> list[dict]:
    """The rows of builds that ran to their end (a stopped build has no time to fit)."""
    return [row for row in rows if not row.get("stopped")]


def chart(rows: list[dict]) -> str:
    """An SVG of build time (and peak memory) against items, with the fitted line of time.
    A stopped build shows only its memory until it was stopped (an open square)."""
    stopped = [row for row in rows if row.get("stopped")]
    rows = finished(rows)
    width, height, left, bottom, top, right = 640, 360, 64, 48, 24, 72
    xs = [row["items"] for row in rows + stopped]
    x_max = max(xs) * 1.05
    y_max = max(row["wall_s"] for row in rows) * 1.15
    m_max = max(MEMORY_LIMIT_MB, max(row["peak_pss_mb"] for row in rows + stopped)) * 1.1

    def px(x):
        return left + (width - left - right) * x / x_max

    def py(y, top_value=y_max):
        return height - bottom - (height - top - bottom) * y / top_value

    slope, intercept, r2 = fit([(row["items"], row["wall_s"]) for row in rows])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
             f'height="{height}" font-family="sans-serif" font-size="12" role="img" '
             f'aria-label="Build time and peak memory against items">',
             f'<rect width="{width}" height="{height}" fill="#fff"/>',
             f'<line x1="{left}" y1="{height - bottom}" x2="{width - right}" y2="{height - bottom}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{height - bottom}" stroke="#333"/>',
             f'<line x1="{width - right}" y1="{top}" x2="{width - right}" y2="{height - bottom}" stroke="#999"/>']
    for tick in range(0, int(x_max) + 1, 50000):
        parts.append(f'<text x="{px(tick):.1f}" y="{height - bottom + 16}" text-anchor="middle">{tick // 1000}k</text>')
    step = max(60, round(y_max / 5 / 60) * 60)
    for tick in range(0, int(y_max) + 1, step):
        parts.append(f'<text x="{left - 6}" y="{py(tick) + 4:.1f}" text-anchor="end">{tick // 60} min</text>')
        parts.append(f'<line x1="{left}" y1="{py(tick):.1f}" x2="{width - right}" y2="{py(tick):.1f}" '
                     'stroke="#eee"/>')
    for tick in range(0, int(m_max) + 1, 1024):
        parts.append(f'<text x="{width - right + 6}" y="{py(tick, m_max) + 4:.1f}" fill="#a33">{tick // 1024} GB</text>')
    limit = py(MEMORY_LIMIT_MB, m_max)
    parts.append(f'<line x1="{left}" y1="{limit:.1f}" x2="{width - right}" y2="{limit:.1f}" stroke="#a33" '
                 'stroke-dasharray="4 4"/>')
    parts.append(f'<text x="{width - right - 4}" y="{limit - 4:.1f}" text-anchor="end" fill="#a33">4 GB limit</text>')
    parts.append(f'<line x1="{px(0):.1f}" y1="{py(intercept):.1f}" x2="{px(x_max):.1f}" '
                 f'y2="{py(intercept + slope * x_max):.1f}" stroke="#36c" stroke-dasharray="6 3"/>')
    memory = " ".join(f"{px(row['items']):.1f},{py(row['peak_pss_mb'], m_max):.1f}" for row in rows)
    parts.append(f'<polyline points="{memory}" fill="none" stroke="#a33"/>')
    for row in rows:
        parts.append(f'<circle cx="{px(row["items"]):.1f}" cy="{py(row["wall_s"]):.1f}" r="4" fill="#36c"/>')
        parts.append(f'<text x="{px(row["items"]) + 6:.1f}" y="{py(row["wall_s"]) - 6:.1f}">{row["wall_s"]:.0f} s</text>')
        parts.append(f'<rect x="{px(row["items"]) - 3:.1f}" y="{py(row["peak_pss_mb"], m_max) - 3:.1f}" '
                     'width="6" height="6" fill="#a33"/>')
    for row in stopped:
        parts.append(f'<rect x="{px(row["items"]) - 3:.1f}" y="{py(row["peak_pss_mb"], m_max) - 3:.1f}" '
                     'width="6" height="6" fill="none" stroke="#a33"/>')
        parts.append(f'<text x="{px(row["items"]) - 6:.1f}" y="{py(row["peak_pss_mb"], m_max) + 16:.1f}" '
                     f'text-anchor="end" fill="#a33">stopped at {row["peak_pss_mb"] / 1024:.1f} GB</text>')
    parts.append(f'<text x="{left + 8}" y="{top + 12}" fill="#36c">build time (●), fitted: '
                 f'{slope * 1000:.2f} s per 1,000 items + {intercept:.0f} s, R² {r2:.3f}</text>')
    parts.append(f'<text x="{left + 8}" y="{top + 28}" fill="#a33">peak memory, PSS of the process tree (■)</text>')
    parts.append(f'<text x="{(left + width - right) / 2}" y="{height - 8}" text-anchor="middle">items</text>')
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def table(rows: list[dict]) -> str:
    """The Markdown table RESULTS.md shows: one row per size, then the fitted line."""
    lines = ["| items | pages | build, wall (s) | CPU (s) | content, pages, search index (s) | s per 1,000 items "
             "| peak memory, PSS of the tree (MB) | heaviest page, gzip as nginx sends it |",
             "|---:|---:|---:|---:|---:|---:|---:|---|"]
    for row in rows:
        if row.get("stopped"):
            lines.append(f"| {row['items']:,} | – | {row['stopped']} | – | – | – | over {row['peak_pss_mb']:,} | – |")
            continue
        heaviest = row["heaviest"][0]
        lines.append(f"| {row['items']:,} | {row['pages']:,} | {row['wall_s']:,.1f} | {row['cpu_s']:,.1f} | "
                     f"{row['content_s']}, {row['pages_s']}, {row['search_s']} | {1000 * row['wall_s'] / row['items']:.2f} | "
                     f"{row['peak_pss_mb']:,} | {heaviest['gzip_bytes'] / 1024:.1f} KB: /{heaviest['path']} |")
    slope, intercept, r2 = fit([(row["items"], row["wall_s"]) for row in finished(rows)])
    lines.append("")
    lines.append(f"Fitted: {slope * 1000:.2f} s per 1,000 items + {intercept:.1f} s (R² {r2:.4f}).")
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="numbers of items (default: 20000 50000 100000 200000)")
    parser.add_argument("--chart", action="store_true", help="only draw scaling.svg again from scaling.json, "
                        "and print RESULTS.md's table")
    parser.add_argument("--stop-above-mb", type=float, default=16000, help="stop a build whose process tree "
                        "passes this much PSS (default 16000: before a shared 24 GB machine's OOM killer acts)")
    parser.add_argument("--stop-at", help="UTC time HH:MM: stop the build running then, and build no more sizes")
    args = parser.parse_args(argv)
    stop_at = None
    if args.stop_at:
        hours, minutes = map(int, args.stop_at.split(":"))
        now = time.time()
        stop_at = now - now % 86400 + hours * 3600 + minutes * 60
    if not args.chart:
        sizes = args.sizes or [20000, 50000, 100000, 200000]
        header = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cores": os.cpu_count(),
                  "code": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                         text=True).stdout.strip(),
                  "load_average_before": round(os.getloadavg()[0], 2), "rows": []}
        with tempfile.TemporaryDirectory(prefix="congkhai-scale-") as tmp:
            for n in sizes:
                if stop_at is not None and time.time() >= stop_at:
                    break
                row = measure_size(n, Path(tmp), args.stop_above_mb, stop_at)
                header["rows"].append(row)
                print(json.dumps(row, ensure_ascii=False), flush=True)
                header["load_average_after"] = round(os.getloadavg()[0], 2)
                RESULTS.write_text(json.dumps(header, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    rows = sorted(json.loads(RESULTS.read_text(encoding="utf-8"))["rows"], key=lambda row: row["items"])
    if len(finished(rows)) >= 2:
        CHART.write_text(chart(rows), encoding="utf-8")
        print(table(rows))


if __name__ == "__main__":
    main(sys.argv[1:])
