"""A sharded build against the one-process build of the same site, in one run: wall times,
their ratio, and whether the two outputs are the same byte for byte.

Both go through `invoke build`'s own code (tasks.build_into), without the cache: once in one
process, once in N shards that run at the same time, each its own Pelican process, then the
merge. On one machine the shards share its cores, so this measures what the split and the
merge cost, not what N machines gain (docs/scaling.md).

    python benchmarks/sharded.py --items 20000 --shards 2     # a synthetic province
    python benchmarks/sharded.py --sample --shards 2          # the sample (content/)
"""

import argparse
import hashlib
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

AS_OF = "2018-07-05"


def hashes(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def site(work: Path, items: int | None, bundle_pages: int | None) -> Path:
    """A site folder: the sample's content or a generated province, the project's settings."""
    folder = work / (f"congkhai-shards-{items}" if items else "congkhai-shards-sample")
    shutil.rmtree(folder, ignore_errors=True)
    if items:
        from generate import generate

        generate(folder / "content", items)
    else:
        shutil.copytree(ROOT / "content", folder / "content")
    (folder / "node_modules").symlink_to(ROOT / "node_modules")
    extra = f"SEARCH_BUNDLE_PAGES = {bundle_pages}\n" if bundle_pages else ""
    (folder / "pelicanconf.py").write_text(
        f"import runpy\nglobals().update({{k: v for k, v in runpy.run_path({str(ROOT / 'pelicanconf.py')!r}).items()"
        f" if k.isupper()}})\nTHEME = {str(ROOT / 'theme')!r}\nBUILD_COMMIT = 'benchmark'\n{extra}", encoding="utf-8")
    return folder


def timed(folder: Path, output: str, shards: int) -> float:
    from invoke import Config, Context

    import tasks

    c = Context(Config(overrides={"run": {"in_stream": False}}))
    started = time.perf_counter()
    with c.cd(str(folder)):
        tasks.build_into(c, Path(output), settings="pelicanconf.py", as_of=AS_OF, shards=shards)
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--sample", action="store_true", help="the sample (content/) instead of a generated site")
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--bundle-pages", type=int, default=None, help="SEARCH_BUNDLE_PAGES (default: the setting's)")
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work")
    args = parser.parse_args(argv)
    folder = site(args.work, None if args.sample else args.items, args.bundle_pages)
    whole = timed(folder, "whole", 0)
    sharded = timed(folder, "sharded", args.shards)
    same = hashes(folder / "whole") == hashes(folder / "sharded")
    files = sum(1 for p in (folder / "whole").rglob("*") if p.is_file())
    print(f"{'sample' if args.sample else f'{args.items:,} items'}: {files:,} files; one process {whole:.1f} s, "
          f"{args.shards} shards and the merge {sharded:.1f} s (ratio {sharded / whole:.2f}); "
          f"byte for byte the same: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
