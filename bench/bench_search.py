"""Search speed on a generated corpus, with tantivy on the same records as the reference.

    python bench/bench_search.py [--articles 1000] [--runs 3] [--queries 100] [--json FILE]

Measures, for the kb index (whoosh files, search.scoring ranking) and
tantivy-py (same records, same terms, same query clauses, so only the engine
differs): index build time, wall and CPU (medians of ``--runs``), and size, and query latency
p50/p95 per kind (exact code, Italian, English, misspelled code), each query
timed ``--runs`` times and its median kept; plus the time to open the kb index
and the recall@1 of the exact and misspelled code queries.
Writes the generated corpus and indexes under bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

import corpus  # noqa: E402

from kb_builder.catalog import build_catalog  # noqa: E402
from kb_builder.pipeline import load  # noqa: E402
from search import build_index, open_index  # noqa: E402
from search.analysis import code_part_terms, code_terms, dotted_terms, word_analyzer  # noqa: E402
from search.engine import Searcher  # noqa: E402
from search.query import TITLE_WEIGHT, Plan  # noqa: E402
from search.records import Record, records  # noqa: E402

OUT = ROOT / "bench" / "out"
DEV_QUERIES = ROOT.parent / "shared" / "eval" / "queries-dev.json"


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def misspell(code: str, rng: random.Random, known: set[str]) -> str:
    """``code`` with one or two edits (substitution, deletion, insertion, transposition), not another code."""
    while True:
        word = list(code)
        for _ in range(rng.choice((1, 2))):
            at = rng.randrange(1, len(word) - 1)
            edit = rng.choice(("sub", "del", "ins", "swap"))
            if edit == "sub":
                word[at] = rng.choice(string.ascii_lowercase)
            elif edit == "del":
                del word[at]
            elif edit == "ins":
                word.insert(at, rng.choice(string.ascii_lowercase))
            else:
                word[at], word[at + 1] = word[at + 1], word[at]
        typed = "".join(word)
        if typed.lower() not in known:
            return typed


def query_sets(all_records: list[Record], count: int) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Queries per kind, seeded: codes, their misspellings, Italian and English phrases; and each code query's code."""
    rng = random.Random(5)
    codes = sorted({code for record in all_records for code in record.codes})
    known = {code.lower() for code in codes}
    picked = rng.sample(codes, min(count, len(codes)))
    dev = json.loads(DEV_QUERIES.read_text(encoding="utf-8"))["queries"] if DEV_QUERIES.is_file() else []
    italian = [q["q"] for q in dev if q["kind"] == "it"]
    english = [q["q"] for q in dev if q["kind"] == "en"]
    titles = sorted({r.local_title for r in all_records if r.local_title and not r.codes})
    english_titles = sorted({r.english_title for r in all_records if r.english_title})
    while len(italian) < count and titles:
        italian.append(" ".join(rng.choice(titles).split()[:6]))
    while len(english) < count and english_titles:
        english.append(" ".join(rng.choice(english_titles).split()[:6]))
    typos = [misspell(code, rng, known) for code in picked]
    queries = {"code": picked, "it": italian[:count], "en": english[:count], "typo": typos}
    return queries, dict(zip(picked, picked)) | dict(zip(typos, picked))


def recall_at_1(searcher: Searcher, queries: list[str], expected: dict[str, str]) -> float:
    """Share of code queries whose first hit carries the intended code."""
    return sum(bool(hits) and expected[q] in hits[0].codes for q in queries for hits in [searcher.search(q, limit=1)]) / len(queries)


def timed(run: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls, in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def latency(search: Callable[[str], object], queries: dict[str, list[str]], runs: int) -> dict[str, dict[str, float]]:
    for kind_queries in queries.values():
        for query in kind_queries[:5]:
            search(query)
    report = {}
    for kind, kind_queries in queries.items():
        samples = [timed(lambda q=q: search(q), runs) for q in kind_queries]
        report[kind] = {"p50": percentile(samples, 0.5), "p95": percentile(samples, 0.95)}
    every = [value for kind in report.values() for value in kind.values()]
    report["all"] = {"p50": statistics.median(every), "p95": max(kind["p95"] for kind in report.values())}
    return report


class Tantivy:
    """The same records and query clauses in tantivy: terms analyzed by kb, indexed whitespace-separated."""

    FIELDS = ("code", "part", "anchor", "names", "it", "en")

    def __init__(self, folder: Path, all_records: list[Record]) -> None:
        import tantivy

        self.tantivy = tantivy
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("hit", stored=True, index_option="basic", tokenizer_name="raw")
        for name in self.FIELDS:
            builder.add_text_field(name, stored=False, tokenizer_name="whitespace", index_option="freq")
        self.schema = builder.build()
        index = tantivy.Index(self.schema, path=str(folder))
        writer = index.writer(heap_size=256_000_000, num_threads=1)
        for record in all_records:
            writer.add_document(tantivy.Document(**self.fields(record)))
        writer.commit()
        writer.wait_merging_threads()
        index.reload()
        self.searcher = index.searcher()

    @staticmethod
    def fields(record: Record) -> dict[str, str]:
        fields = {
            "hit": json.dumps([record.kind, record.id, record.codes, record.anchors, record.locale, record.title, record.url, record.snippet_source]),
            "code": " ".join(code_terms(" ".join(record.codes))),
            "part": " ".join(code_part_terms(" ".join(record.codes))),
            "anchor": " ".join(a.lower() for a in record.anchors),
            "names": " ".join(dotted_terms(record.names)),
        }
        for language, (title, body) in record.texts().items():
            analyzer = word_analyzer(language)
            fields[language] = " ".join(analyzer.terms(title) * int(TITLE_WEIGHT) + analyzer.terms(body))
        return fields

    def search(self, planned: Plan, limit: int = 10) -> list[str]:
        query_type = self.tantivy.Query
        clauses = [(self.tantivy.Occur.Should, query_type.boost_query(query_type.term_query(self.schema, c.field, c.term), c.boost)) for c in planned.clauses]
        results = self.searcher.search(query_type.boolean_query(clauses), limit)
        return [self.searcher.doc(address)["hit"][0] for _, address in results.hits]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", type=int, default=100, help="queries per kind")
    parser.add_argument("--json", type=Path, default=OUT / "search-bench.json")
    args = parser.parse_args(argv)

    content = OUT / f"corpus-{args.articles}"
    shutil.rmtree(content, ignore_errors=True)
    corpus.write(content, args.articles)
    start = time.perf_counter()
    catalog = build_catalog(load(content))
    load_seconds = time.perf_counter() - start
    all_records = list(records(catalog))
    print(f"corpus: {args.articles} articles, {len(all_records)} records, loaded in {load_seconds:.1f} s", file=sys.stderr)

    site = OUT / "site"
    build_times, build_cpu = [], []
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        path = build_index(catalog, site)
        build_times.append(time.perf_counter() - start)
        build_cpu.append(time.process_time() - cpu)
    open_times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        searcher: Searcher = open_index(path)
        open_times.append(time.perf_counter() - start)
    queries, expected = query_sets(all_records, args.queries)
    whoosh = {
        "build_s": statistics.median(build_times),
        "build_cpu_s": statistics.median(build_cpu),
        "open_s": statistics.median(open_times),
        "size_mb": folder_size(path) / 1e6,
        "latency_ms": latency(lambda q: searcher.search(q, limit=10), queries, args.runs),
        "recall_at_1": {kind: recall_at_1(searcher, queries[kind], expected) for kind in ("code", "typo")},
    }

    tantivy_times, tantivy_cpu = [], []
    for _ in range(args.runs):
        folder = Path(tempfile.mkdtemp(prefix="tantivy-", dir=OUT))
        start, cpu = time.perf_counter(), time.process_time()
        engine = Tantivy(folder, all_records)
        tantivy_times.append(time.perf_counter() - start)
        tantivy_cpu.append(time.process_time() - cpu)
        size = folder_size(folder)
        shutil.rmtree(folder)
    reference = {"build_s": statistics.median(tantivy_times), "build_cpu_s": statistics.median(tantivy_cpu), "size_mb": size / 1e6, "latency_ms": latency(lambda q: engine.search(searcher.plan(q)), queries, args.runs)}

    report = {"articles": args.articles, "records": len(all_records), "runs": args.runs, "queries_per_kind": args.queries, "whoosh": whoosh, "tantivy": reference}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(render(report))
    return 0


def render(report: dict) -> str:
    kinds = ("code", "it", "en", "typo", "all")
    head = "| engine | build (s) | build CPU (s) | size (MB) | " + " | ".join(f"{k} p50 / p95 (ms)" for k in kinds) + " |"
    rows = [head, "|---" * (4 + len(kinds)) + "|"]
    for name in ("whoosh", "tantivy"):
        engine = report[name]
        cells = [f"{engine['latency_ms'][k]['p50']:.2f} / {engine['latency_ms'][k]['p95']:.2f}" for k in kinds]
        rows.append(f"| {name} | {engine['build_s']:.2f} | {engine['build_cpu_s']:.2f} | {engine['size_mb']:.1f} | " + " | ".join(cells) + " |")
    whoosh = report["whoosh"]
    ratio = whoosh["build_s"] / report["tantivy"]["build_s"]
    notes = f"kb index: built in {ratio:.1f}x tantivy's time, opened in {whoosh['open_s']:.2f} s; recall@1 of exact codes {whoosh['recall_at_1']['code']:.2f}, of misspelled codes {whoosh['recall_at_1']['typo']:.2f}"
    return f"{report['articles']} articles, {report['records']} records, medians of {report['runs']} runs\n\n" + "\n".join(rows) + "\n\n" + notes


if __name__ == "__main__":
    sys.exit(main())
