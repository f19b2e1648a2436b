"""Time ``bilingual.separate_markdown`` against raw markdown-it-py parsing, and compare language identifiers.

Run from the repository root::

    python bench/bench_bilingual.py            # timings (median of --runs)
    python bench/bench_bilingual.py --compare  # lingua vs py3langid on the seed, the corpus and its headings

Inputs: every ``.md`` under ``content/`` and, when present, ``../shared/corpus`` (the locale is the first
path part under the root). The identifier comparison swaps the module's private ``_english_share``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from markdown_it import MarkdownIt  # noqa: E402

from kb_builder import bilingual  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"
DATA = ROOT / "tests" / "data" / "bilingual"


def articles() -> list[tuple[str, str, str]]:
    """(name, locale, text) of every article of the seed content and the shared corpus."""
    found = []
    for root in (ROOT / "content", CORPUS):
        for path in sorted(root.glob("*-*/**/*.md")) if root.is_dir() else []:
            relative = path.relative_to(root)
            found.append((f"{root.name}/{relative}", relative.parts[0].lower(), path.read_text(encoding="utf-8")))
    return found


def median_seconds(work: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def timings(runs: int) -> None:
    docs = articles()
    md = MarkdownIt("commonmark").enable("table")
    bilingual.split("Risolvere i problemi relativi all'agenteTroubleshoot Agent and extension issues", "it-it")
    italian = [text for _, locale, text in docs if locale != "en-us"]
    clean = "\n".join(
        "\n".join(line for number, line in enumerate(text.split("\n")) if number not in set(bilingual._candidate_lines(text)))
        for text in italian
    )
    sets = {
        "all articles, own locale": [(text, locale) for _, locale, text in docs],
        "it-it articles (seed + corpus)": [(text, "it-it") for text in italian],
        "en-us articles read as it-it": [(text, "it-it") for _, locale, text in docs if locale == "en-us"],
        "it-it text with no candidate line": [(clean, "it-it")],
    }
    print(f"{'input':36} {'KB':>6} {'parse us/KB':>12} {'separate us/KB':>15} {'ratio':>6} {'ms/32KB':>8}")
    for name, items in sets.items():
        size = sum(len(text.encode()) for text, _ in items) / 1024
        parse = median_seconds(lambda: [md.parse(text) for text, _ in items], runs)
        separate = median_seconds(lambda: [bilingual.separate_markdown(text, locale) for text, locale in items], runs)
        print(
            f"{name:36} {size:6.1f} {parse * 1e6 / size:12.1f} {separate * 1e6 / size:15.1f} "
            f"{separate / parse:6.3f} {separate * 1e3 / size * 32:8.3f}"
        )


# --- identifier comparison ---------------------------------------------------------------------------------


def lingua_share(low_accuracy: bool) -> Callable[[str, str], float]:
    from lingua import Language, LanguageDetectorBuilder

    detectors = {}

    def share(text: str, lang: str) -> float:
        if lang not in detectors:
            builder = LanguageDetectorBuilder.from_languages(bilingual._LANGUAGES[lang], Language.ENGLISH)
            detectors[lang] = (builder.with_low_accuracy_mode() if low_accuracy else builder).build()
        values = detectors[lang].compute_language_confidence_values(text)
        total = sum(v.value for v in values)
        return sum(v.value for v in values if v.language == Language.ENGLISH) / total if total else 0.5

    return share


def py3langid_share() -> Callable[[str, str], float]:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifiers = {}

    def share(text: str, lang: str) -> float:
        if lang not in identifiers:
            identifiers[lang] = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
            identifiers[lang].set_languages([lang, "en"])
        label, probability = identifiers[lang].classify(text)
        return float(probability if label == "en" else 1.0 - probability)

    return share


HEADING = re.compile(r"^#{1,6}\s+(?:<a [^>]*></a>\s*)*(.+)$", re.M)


LOADERS = {
    "lingua 2.1 (high accuracy)": "from lingua import Language as L, LanguageDetectorBuilder as B\n"
    "B.from_languages(L.ITALIAN, L.ENGLISH).build().compute_language_confidence_values('Risolvere i problemi')",
    "lingua 2.1 (low accuracy)": "from lingua import Language as L, LanguageDetectorBuilder as B\n"
    "B.from_languages(L.ITALIAN, L.ENGLISH).with_low_accuracy_mode().build()"
    ".compute_language_confidence_values('Risolvere i problemi')",
    "py3langid 0.4": "from py3langid.langid import MODEL_FILE, LanguageIdentifier as I\n"
    "i = I.from_model_file(MODEL_FILE, norm_probs=True); i.set_languages(['it', 'en']); i.classify('Risolvere i problemi')",
}
"""Import, build and first call of each identifier, timed in a fresh interpreter."""


def load_ms(name: str) -> float:
    code = f"import time\nstart = time.perf_counter()\n{LOADERS[name]}\nprint(time.perf_counter() - start)"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(output) * 1e3


def headings(docs: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(expected language, identifier input) of every corpus heading with at least two words."""
    pieces = []
    for _, locale, text in docs:
        for match in HEADING.finditer(text):
            vote = bilingual._vote(bilingual._mask(match.group(1)), "it")
            if vote.words >= 2:
                pieces.append(("en" if locale == "en-us" else "it", vote.text))
    return pieces


CLAUSE = re.compile(r"[^.!?:;|()\x00\n]+")


def clauses(docs: list[tuple[str, str, str]]) -> list[tuple[str, str]]:
    """(expected language, identifier input) of every short clause (2 to 8 words) outside code fences."""
    pieces = []
    for _, locale, text in docs:
        fenced = bilingual._fenced_lines(text)
        for number, line in enumerate(text.split("\n")):
            if number in fenced:
                continue
            for match in CLAUSE.finditer(bilingual._mask(line)):
                vote = bilingual._vote(match.group(), "it")
                if 2 <= vote.words <= 8:
                    pieces.append(("en" if locale == "en-us" else "it", vote.text))
    return pieces


def accuracy(pieces: list[tuple[str, str]], share: Callable[[str, str], float]) -> str:
    """Right readings (English when the share is at least 0.5) per expected language."""
    right = {"it": 0, "en": 0}
    total = {"it": 0, "en": 0}
    for language, text in pieces:
        right[language] += (share(text, "it") >= 0.5) == (language == "en")
        total[language] += 1
    return f"{right['it']}/{total['it']} · {right['en']}/{total['en']}"


def compare() -> None:
    docs = [doc for doc in articles() if doc[0].startswith("corpus/")]
    seed_path = ROOT / "content" / "it-it" / "articles" / "backup" / "backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md"
    seed = seed_path.read_text(encoding="utf-8")
    expected = {int(line): text for line, text in json.loads((DATA / "seed_english.json").read_text(encoding="utf-8")).items()}
    cases = json.loads((DATA / "split.json").read_text(encoding="utf-8"))
    heading_pieces, clause_pieces = headings(docs), clauses(docs)
    backends = {
        "lingua 2.1 (high accuracy)": lambda: lingua_share(False),
        "lingua 2.1 (low accuracy)": lambda: lingua_share(True),
        "py3langid 0.4": py3langid_share,
    }
    original = bilingual._english_share
    print(
        "| identifier | golden split() cases | seed lines right (wrong) | it-it corpus findings (6 expected) "
        "| en-us read as it-it: glued pairs | headings right it · en | short clauses right it · en | load ms | µs per call |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for name, make in backends.items():
        share = make()
        calls: list[float] = []

        def timed(text: str, lang: str, share: Callable[[str, str], float] = share) -> float:
            start = time.perf_counter()
            result = share(text, lang)
            calls.append(time.perf_counter() - start)
            return result

        bilingual._english_share = timed
        try:
            golden = sum(
                (found.status, found.local, found.english) == (case["status"], case["local"], case["english"])
                for case in cases
                for found in [bilingual.split(case["text"], "it-it")]
            )
            seed_found = {line + 1: item.english for line, item in bilingual.separate_markdown(seed, "it-it")[1]}
            right = sum(seed_found.get(line) == text for line, text in expected.items())
            italian = sum(len(bilingual.find_english(text, "it-it")) for _, locale, text in docs if locale == "it-it")
            glued = sum(
                finding.text.status == "split"
                for _, locale, text in docs
                if locale == "en-us"
                for finding in bilingual.find_english(text, "it-it")
            )
        finally:
            bilingual._english_share = original
        print(
            f"| {name} | {golden}/{len(cases)} | {right}/{len(expected)} ({len(seed_found) - right}) | {italian} | {glued} "
            f"| {accuracy(heading_pieces, share)} | {accuracy(clause_pieces, share)} | {load_ms(name):.0f} "
            f"| {statistics.median(calls) * 1e6:.0f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--compare", action="store_true", help="compare language identifiers instead of timing")
    args = parser.parse_args()
    compare() if args.compare else timings(args.runs)


if __name__ == "__main__":
    main()
