"""Error entries on a whole repository: precision and recall on the labelled set, and what the repository gives.

    python bench/bench_entries.py [--repository ../shared/repos/azure-docs-pr15_it-IT] [--whole] [--misses]

Precision and recall are over (article, code) pairs of the labelled set (tests/data/entries, made by reading the
articles; see its README). ``--whole`` also loads the whole repository and counts entries, codes and articles
with entries, and how many of the troubleshooting articles (file name with "troubleshoot" or "error") give any.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kb_builder.pipeline import load  # noqa: E402
from tests.entry_labels import entry_codes, extract_articles, load_labels, score  # noqa: E402

DEFAULT_REPOSITORY = ROOT.parent / "shared" / "repos" / "azure-docs-pr15_it-IT"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repository", type=Path, default=DEFAULT_REPOSITORY)
    parser.add_argument("--whole", action="store_true", help="also count the entries of the whole repository")
    parser.add_argument("--misses", action="store_true", help="list the false positives and false negatives")
    args = parser.parse_args(argv)
    if not (args.repository / "articles").is_dir():
        print(f"no repository at {args.repository}", file=sys.stderr)
        return 2
    articles = load_labels()
    started = time.perf_counter()
    documents = extract_articles(args.repository, [article.path for article in articles])
    elapsed = time.perf_counter() - started
    result = score(articles, entry_codes(documents))
    expected = sum(len(article.expected) for article in articles)
    print(f"labelled set: {len(articles)} articles, {expected} expected codes ({elapsed:.1f} s to extract)")
    print(f"  precision {result.precision:.3f}  recall {result.recall:.3f}  (true {result.true_positives}, false {len(result.false_positives)}, unlabelled {len(result.unlabelled)}, missed {len(result.false_negatives)})")
    by_group: dict[str, list] = {}
    for article in articles:
        by_group.setdefault(article.chosen, []).append(article)
    for group, members in sorted(by_group.items()):
        part = score(members, entry_codes({a.path: documents[a.path] for a in members if a.path in documents}))
        print(f"  {group:<16} {len(members):>3} articles  precision {part.precision:.3f}  recall {part.recall:.3f}")
    signatures: Counter[tuple[str, str]] = Counter()
    labels = {article.path: article for article in articles}
    for path, document in documents.items():
        for entry in document.errors:
            signature = "+".join(sorted(item.signal for item in entry.evidence if item.signal != "error-article"))
            for code in entry.codes:
                key = code.casefold()
                verdict = "right" if key in labels[path].expected else "neutral" if key in labels[path].neutral else "wrong"
                signatures[(signature, verdict)] += 1
    print("  codes by evidence (right / wrong / neutral):")
    for signature in sorted({s for s, _v in signatures}, key=lambda s: -sum(signatures[(s, v)] for v in ("right", "wrong", "neutral"))):
        print(f"    {signatures[(signature, 'right')]:>4} {signatures[(signature, 'wrong')]:>4} {signatures[(signature, 'neutral')]:>4}  {signature}")
    if args.misses:
        for path, code in result.false_positives + result.unlabelled:
            print(f"  false: {path} {code}")
        for path, code in result.false_negatives:
            print(f"  missed: {path} {code}")
    if args.whole:
        started = time.perf_counter()
        kb = load(args.repository)
        elapsed = time.perf_counter() - started
        entries = [(document, entry) for document in kb.documents for entry in document.errors]
        troubleshooting = [d for d in kb.documents if re.search(r"troubleshoot|error", d.path.rsplit("/", 1)[-1], re.I)]
        print(f"whole repository: {len(kb.documents)} articles loaded in {elapsed:.0f} s")
        print(f"  {len(entries)} entries, {sum(len(e.codes) for _d, e in entries)} codes, in {len({d.path for d, _e in entries})} articles")
        print(f"  origins: {dict(Counter(e.origin for _d, e in entries))}")
        print(f"  troubleshooting articles with entries: {sum(1 for d in troubleshooting if d.errors)} of {len(troubleshooting)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
