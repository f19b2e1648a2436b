"""Benchmark ``kb check`` against raw markdown-it-py parsing of the same files, measured in the same run.

Corpora of 10, 100 and 1000 articles are generated from the seed article: codes made unique per
article, the seed's dangling links pointed at other generated articles, its images and include
created, its three ``solution`` anchors numbered, so a clean copy has no warning. Every fifth
article gets one known fault; the run checks that every fault is found and nothing else.

Reported per size (one process; the reference and the measured action alternate, ``--runs`` pairs, medians,
ratios are the median of the per-pair ratios so load changes on a noisy machine hit both):
- raw: read + ``MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).parse``;
- check: ``load`` + ``run_checks`` + the text report, no cache (the goal is <= 1.3x raw);
- recheck: the same with the document cache after editing one article (goal <= 10% of check);
- mkdocs: ``mkdocs build --strict`` of the raw articles (default theme), one subprocess run.

Usage: ``python bench/bench_check.py [--sizes 10,100,1000] [--runs 3] [--profile] [--no-mkdocs]``.
Results also go to ``bench/out/bench_check.json``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from markdown_it import MarkdownIt  # noqa: E402

from kb_builder.cache import DocumentCache  # noqa: E402
from kb_builder.checks import check_content  # noqa: E402
from kb_builder.collector import paused_collection  # noqa: E402
from kb_builder.model import Severity  # noqa: E402
from kb_builder.pipeline import load  # noqa: E402
from kb_builder.report import Report, format_text  # noqa: E402

SEED = REPO / "content" / "it-it" / "articles" / "backup" / "backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md"
OUT = REPO / "bench" / "out"
FAULT_EVERY = 5

Edit = Callable[[list[str], int], None]


@dataclass(frozen=True)
class Fault:
    """One injected fault: what it changes and the findings it must give (rule, line)."""

    name: str
    edit: Edit
    expected: tuple[tuple[str, int], ...]


def _replace(lines: list[str], number: int, old: str, new: str) -> None:
    if old not in lines[number - 1]:
        raise SystemExit(f"the seed changed: line {number} no longer holds {old!r}")
    lines[number - 1] = lines[number - 1].replace(old, new)


UNREFERENCED = "[Pulire la raccolta di punti di ripristino](#clean_up_restore_point_collection)"
FAULTS = (
    Fault("anchor renamed", lambda lines, i: _replace(lines, 221, "_collection\"", "_colection\""), (("broken-anchor", 74),)),
    Fault("image path typo", lambda lines, i: _replace(lines, 219, "delete-lock.png", "delete-lok.png"), (("missing-file", 219),)),
    Fault("include outside root", lambda lines, i: _replace(lines, 19, "../../includes/support-disclaimer.md", "../../../../etc/passwd"), (("include-outside-root", 19),)),
    Fault("code duplicated", lambda lines, i: _replace(lines, 115, "<br>", f"/ UserErrorBackupOperationInProgressN{i:04d} <br>"), (("duplicate-code", 115), ("duplicate-code", 122))),
    Fault("cause number skipped", lambda lines, i: _replace(lines, 111, "**Causa 4:", "**Causa 5:"), (("cause-sequence", 111),)),
    Fault("cause unreferenced", lambda lines, i: _replace(lines, 74, UNREFERENCED, "Pulire la raccolta di punti di ripristino"), (("orphan-cause", 221),)),
    Fault("heading code differs", lambda lines, i: _replace(lines, 94, "ExtensionOperationFailedForManagedDisks", f"ExtensionOperationFailedN{i:04d}"), (("error-code-mismatch", 94),)),
)


def article_name(index: int) -> str:
    return f"article-{index:04d}.md"


def clean_copy(seed: list[str], codes: re.Pattern[str], index: int, count: int) -> list[str]:
    """The seed as article ``index`` of ``count``: unique codes, valid links, distinct anchors."""
    nxt, prev = article_name((index + 1) % count), article_name((index - 1) % count)
    text = "\n".join(seed)
    text = codes.sub(lambda m: f"{m.group(0)}N{index:04d}", text)
    text = text.replace("https://docs.microsoft.com/azure/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout#", "#")
    text = text.replace("backup-azure-vms-introduction.md#best-practices", f"{nxt}#causes-and-solutions")
    text = text.replace("backup-azure-vms-introduction.md#backup-performance", f"{nxt}#troubleshoot-azure-backup-failure-issues-with-the-agent-or-extension")
    crp_error = "usererrorcrpreportedusererror---backup-failed-due-to-an-error-for-details-see-job-error-message-details"
    text = text.replace("backup-azure-vms-introduction.md#backup-and-restore-considerations", f"{nxt}#{crp_error}")
    text = text.replace("../virtual-machines/linux/update-agent.md", prev)
    text = re.sub(r"\.\./virtual-network/[\w.-]+\.md#[\w-]+", f"{prev}#the-snapshot-status-cannot-be-retrieved-or-a-snapshot-cannot-be-taken", text)
    numbered = iter(range(1, 10))
    text = re.sub(r'<a name="solution"></a>', lambda m: f'<a name="solution-{next(numbered)}"></a>', text)
    return text.split("\n")


def generate(root: Path, count: int) -> list[tuple[str, str, int]]:
    """A content tree of ``count`` articles; returns the expected findings (path, rule, line)."""
    shutil.rmtree(root, ignore_errors=True)
    articles = root / "it-it" / "articles" / "backup"
    media = articles / "media" / "backup-azure-arm-vms-prepare"
    media.mkdir(parents=True)
    for image in ("delete-lock.png", "resource-group.png", "restore-point-collection.png"):
        (media / image).write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / "it-it" / "includes").mkdir(parents=True)
    (root / "it-it" / "includes" / "support-disclaimer.md").write_text("Serve aiuto? Contattare il supporto.\n", encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8").split("\n")
    seed_codes = sorted({code for error in load(REPO / "content").documents[0].errors for code in error.codes}, key=len, reverse=True)
    codes = re.compile(r"\b(?:" + "|".join(map(re.escape, seed_codes)) + r")\b")
    expected: list[tuple[str, str, int]] = []
    for index in range(count):
        lines = clean_copy(seed, codes, index, count)
        if index % FAULT_EVERY == FAULT_EVERY // 2:
            fault = FAULTS[(index // FAULT_EVERY) % len(FAULTS)]
            fault.edit(lines, index)
            path = f"it-it/articles/backup/{article_name(index)}"
            expected += [(path, rule, line) for rule, line in fault.expected]
        (articles / article_name(index)).write_text("\n".join(lines), encoding="utf-8")
    return sorted(expected)


def raw_parse(root: Path) -> None:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    for path in sorted(root.rglob("*.md")):
        md.parse(path.read_text(encoding="utf-8"))


def check(root: Path, cache: DocumentCache | None = None) -> list:
    """What ``kb check`` does in process: load, check, format and free the articles, the cyclic garbage
    collector paused throughout (as the command does)."""
    with paused_collection():
        return _check(root, cache)


def _check(root: Path, cache: DocumentCache | None) -> list:
    kb, diagnostics = check_content(root, cache=cache)
    format_text(Report(diagnostics, {d.path: d.lines for d in kb.documents}, "", len(kb.documents)))
    return diagnostics


def once(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def paired(reference: Callable[[], object], action: Callable[[], object], runs: int, before: Callable[[], object] = lambda: None) -> tuple[float, float, float]:
    """Medians of ``reference`` and ``action`` timed in alternation, and the median of their per-pair ratios.

    Alternating keeps both under the same load on a noisy machine; ``before`` runs untimed before ``action``.
    """
    pairs = []
    for _ in range(runs):
        first = once(reference)
        before()
        pairs.append((first, once(action)))
    return statistics.median(p[0] for p in pairs), statistics.median(p[1] for p in pairs), statistics.median(p[1] / p[0] for p in pairs)


def mkdocs_build(root: Path, work: Path) -> tuple[float, int]:
    config = work / "mkdocs.yml"
    config.write_text(f"site_name: bench\ndocs_dir: {root / 'it-it'}\nsite_dir: {work / 'site'}\ntheme: mkdocs\n", encoding="utf-8")
    start = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)], capture_output=True, text=True, check=False)
    return time.perf_counter() - start, result.returncode


def profile(root: Path) -> dict[str, float]:
    """Seconds spent in each stage of one uncached check (cumulative times from cProfile)."""
    profiler = cProfile.Profile()
    profiler.runcall(check, root)
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]

    def cumulative(module: str, function: str) -> float:
        return sum(value[3] for (file, _line, name), value in stats.items() if file.endswith(module) and name == function)

    total = cumulative("bench_check.py", "check")
    bilingual = cumulative("bilingual.py", "separate_markdown") + cumulative("bilingual.py", "split")
    lingua = sum(value[3] for (_f, _l, name), value in stats.items() if "compute_language_confidence_values" in name)
    return {
        "total": total,
        "read (read.py read_file)": cumulative("read.py", "read_file"),
        "parse (parse.py parse_markdown)": cumulative("parse.py", "parse_markdown"),
        "  of which markdown-it parse": cumulative("markdown_it/main.py", "parse"),
        "extract without bilingual": cumulative("extract.py", "extract_document") - bilingual,
        "bilingual (separate_markdown + split)": bilingual,
        "  of which lingua confidence values": lingua,
        "checks (run_checks)": cumulative("checks/__init__.py", "run_checks"),
    }


def measure(size: int, runs: int, mkdocs: bool) -> dict[str, object]:
    """Every figure for one corpus size, and the faults missed or reported beyond the injected ones."""
    root = OUT / f"check-{size}" / "content"
    expected = generate(root, size)
    found = sorted((d.pos.path, d.rule, d.pos.line) for d in check(root) if d.severity is not Severity.INFO)
    raw, full, ratio = paired(lambda: raw_parse(root), lambda: check(root), runs)
    cache_dir = OUT / f"check-{size}" / "cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    check(root, DocumentCache(cache_dir, root))
    edited = root / "it-it" / "articles" / "backup" / article_name(size - 1)
    edits = iter(range(1, runs + 1))

    def edit() -> None:
        edited.write_text(edited.read_text(encoding="utf-8") + f"\nModifica {next(edits)}.\n", encoding="utf-8")

    _full, recheck, recheck_ratio = paired(lambda: check(root), lambda: check(root, DocumentCache(cache_dir, root)), runs, edit)
    mkdocs_s, status = mkdocs_build(root, OUT / f"check-{size}") if mkdocs else (float("nan"), -1)
    return {
        "articles": size,
        "raw_s": raw,
        "check_s": full,
        "ratio": ratio,
        "recheck_s": recheck,
        "recheck_over_check": recheck_ratio,
        "recheck_over_raw": recheck / raw,
        "mkdocs_strict_s": mkdocs_s,
        "mkdocs_exit": status,
        "faults_expected": len(expected),
        "found": len(found),
        "missed": sorted(set(expected) - set(found)),
        "unexpected": sorted(set(found) - set(expected)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", default="10,100,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="break the largest size's check time down by stage")
    parser.add_argument("--no-mkdocs", action="store_true")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    results: list[dict[str, object]] = []
    failed = False
    print(f"{'articles':>8} {'raw s':>8} {'check s':>8} {'ratio':>6} {'recheck s':>9} {'re/full':>7} {'mkdocs s':>8} faults")
    for size in (int(s) for s in args.sizes.split(",")):
        row = measure(size, args.runs, not args.no_mkdocs)
        results.append(row)
        failed |= bool(row["missed"] or row["unexpected"])
        verdict = "all found" if not (row["missed"] or row["unexpected"]) else f"{len(row['missed'])} missed, {len(row['unexpected'])} unexpected"
        print(
            f"{size:>8} {row['raw_s']:>8.3f} {row['check_s']:>8.3f} {row['ratio']:>6.2f} {row['recheck_s']:>9.3f} {row['recheck_over_check']:>7.1%} "
            f"{row['mkdocs_strict_s']:>8.2f} {row['faults_expected']} expected, {verdict} (mkdocs exit {row['mkdocs_exit']})"
        )
    if args.profile:
        stages = profile(OUT / f"check-{max(int(s) for s in args.sizes.split(','))}" / "content")
        print("\nwhere an uncached check spends its time (cProfile, cumulative):")
        for name, seconds in stages.items():
            print(f"  {name:<40} {seconds:8.3f} s  {seconds / stages['total']:6.1%}")
        results.append({"profile": stages})
    (OUT / "bench_check.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
