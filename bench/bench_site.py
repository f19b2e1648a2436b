"""Benchmark: the site build on generated corpora of 10, 100 and 1000 articles.

Each corpus is the seed article copied N times with its codes and anchors
renamed (so every copy adds its own errors, causes and article page). For each
size it measures ``kb build`` (one MkDocs build with the kb plugin) and, as the
reference in the same run, a plain ``mkdocs build`` of the raw articles with
Material and its default nav (every article listed on every page). Reported:
output pages, seconds per page and bytes per page (HTML), medians of --repeat runs,
and the bytes of the home page and of the largest page (neither may grow with the corpus).

    python bench/bench_site.py [--sizes 10 100 1000] [--repeat 3] [--json bench/out/site.json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "content" / "it-it" / "articles" / "backup" / "backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md"
ANCHOR_RE = re.compile(r'<a name="([^"]+)"></a>')
PLAIN_CONFIG = """site_name: Raw articles
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  language: it
  font: false
plugins:
  - search
"""


def seed_codes() -> list[str]:
    """The seed's codes, longest first (so a code that contains another is renamed whole)."""
    sys.path.insert(0, str(REPO))
    from kb_builder.pipeline import load

    kb = load(REPO / "content")
    codes = {code for document in kb.documents for entry in document.errors for code in entry.codes}
    return sorted(codes, key=len, reverse=True)


def variant(text: str, number: int, codes: list[str]) -> str:
    """The seed with every code and explicit anchor made unique to copy ``number``."""
    suffix = f"X{number:04d}"
    for anchor in sorted(set(ANCHOR_RE.findall(text)), key=len, reverse=True):
        renamed = f"{anchor}-x{number:04d}"
        text = text.replace(f'name="{anchor}"', f'name="{renamed}"').replace(f"#{anchor})", f"#{renamed})")
    pattern = re.compile(r"\b(" + "|".join(re.escape(code) for code in codes) + r")\b")
    text = pattern.sub(lambda m: m.group(1) + suffix, text)
    return text.replace("\ntitle: ", f"\ntitle: [{number:04d}] ", 1)


def make_corpus(root: Path, size: int, codes: list[str]) -> Path:
    text = SEED.read_text("utf-8")
    articles = root / f"corpus-{size}" / "it-it" / "articles" / "backup"
    articles.mkdir(parents=True)
    for number in range(size):
        (articles / f"{SEED.stem}-{number:04d}.md").write_text(variant(text, number, codes), "utf-8")
    return root / f"corpus-{size}"


def html_stats(site: Path) -> tuple[int, int, int, int]:
    """(pages, bytes, home page bytes, largest page bytes) of the HTML written (redirect stubs of aliases included)."""
    sizes = [p.stat().st_size for p in site.rglob("*.html")]
    home = site / "index.html"
    return len(sizes), sum(sizes), home.stat().st_size if home.is_file() else 0, max(sizes)


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, check=False, cwd=REPO, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"benchmark command failed ({done.returncode}): {' '.join(command)}\n{done.stderr[-2000:]}")
    return elapsed


def measure(corpus: Path, work: Path, repeat: int) -> dict[str, dict[str, float]]:
    kb_site, plain_site = work / "kb-site", work / "plain-site"
    plain_config = work / "plain.yml"
    plain_config.write_text(PLAIN_CONFIG.format(docs=corpus / "it-it", site=plain_site), "utf-8")
    kb_times = [timed([sys.executable, "-m", "kb_builder", "build", "--content", str(corpus), "--out", str(kb_site)]) for _ in range(repeat)]
    plain_times = [timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(plain_config)]) for _ in range(repeat)]
    result = {}
    for name, site, times in (("kb build", kb_site, kb_times), ("plain mkdocs", plain_site, plain_times)):
        pages, size, home, largest = html_stats(site)
        seconds = statistics.median(times)
        result[name] = {"pages": pages, "seconds": round(seconds, 3), "ms_per_page": round(1000 * seconds / pages, 3), "bytes_per_page": round(size / pages), "home_bytes": home, "max_page_bytes": largest}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported (default 3)")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "out" / "site.json")
    args = parser.parse_args(argv)
    codes = seed_codes()
    results: dict[int, dict[str, dict[str, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="kb-bench-site-") as scratch:
        for size in args.sizes:
            corpus = make_corpus(Path(scratch), size, codes)
            work = Path(scratch) / f"work-{size}"
            work.mkdir()
            results[size] = measure(corpus, work, args.repeat)
            shutil.rmtree(work, ignore_errors=True)
            for name, row in results[size].items():
                print(f"{size:>5} articles  {name:<13} {row['pages']:>6} pages  {row['seconds']:>8.2f} s  {row['ms_per_page']:>7.2f} ms/page  {row['bytes_per_page']:>8} B/page  home {row['home_bytes']:>9} B  largest {row['max_page_bytes']:>9} B", flush=True)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"repeat": args.repeat, "results": results}, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
