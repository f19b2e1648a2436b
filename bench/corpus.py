"""A generated benchmark corpus: the seed article copied N times with renamed codes.

Article ``n`` keeps the introduction, the shared causes and a seeded random
half of the error sections, and every code gets the article's own camelCase
suffix (``UserErrorGuestAgentStatusUnavailable`` -> ``...UnavailableAmberNorth``),
so 1000 articles give about 14,000 sections and 7,000 distinct codes.
Deterministic: the same ``count`` always writes the same files.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

SEED_ARTICLE = Path(__file__).resolve().parent.parent / "content/it-it/articles/backup/backup-azure-troubleshoot-vm-backup-fails-snapshot-timeout.md"
FIRST = ("Amber", "Birch", "Cedar", "Delta", "Ember", "Falcon", "Garnet", "Harbor", "Iris", "Juniper", "Kestrel", "Lumen", "Maple", "Nimbus", "Onyx", "Pine", "Quartz", "Raven", "Sierra", "Tundra", "Umber", "Vortex", "Willow", "Xenon", "Yarrow", "Zephyr", "Aspen", "Basalt", "Cobalt", "Dune", "Fjord", "Glacier")
SECOND = ("North", "South", "East", "West", "Core", "Edge", "Prime", "Node", "Zone", "Gate", "Peak", "Vale", "Ridge", "Shore", "Field", "Stone", "Brook", "Crest", "Forge", "Haven", "Isle", "Lake", "Marsh", "Mesa", "Point", "Reef", "Spire", "Trail", "Vault", "Wharf", "Yard", "Bay")
KEEP_ERROR = 0.55
"""Share of error sections each article keeps."""


def seed_codes(text: str) -> list[str]:
    """The codes declared in the seed article (``Codice di errore`` lines), longest first."""
    found: set[str] = set()
    for line in re.findall(r"\*\*Codice (?:di )?errore\*{0,2}:?\*{0,2}:?\s*(.+)", text):
        found.update(re.findall(r"[A-Z][A-Za-z0-9]+", line.split("<br>")[0]))
    return sorted(found, key=lambda code: (-len(code), code))


def suffix(number: int) -> str:
    return FIRST[number % len(FIRST)] + SECOND[number // len(FIRST) % len(SECOND)]


def article(text: str, codes: list[str], number: int) -> tuple[str, dict[str, str]]:
    """Article ``number``: its markdown and the renaming of the codes it kept."""
    rng = random.Random(number)
    blocks = re.split(r"(?m)^(?=## )", text)
    errors = [b for b in blocks[1:] if "Codice" in b]
    kept = [b for b in blocks if b not in errors or rng.random() < KEEP_ERROR]
    renamed = {code: code + suffix(number) for code in codes}
    pattern = re.compile("|".join(map(re.escape, codes)))
    body = pattern.sub(lambda m: renamed[m.group()], "".join(kept))
    return body, {code: new for code, new in renamed.items() if new in body}


def write(root: Path, count: int) -> dict[str, str]:
    """Write ``count`` articles under ``root/it-it/articles/backup``; returns every new code -> seed code."""
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    codes = seed_codes(text)
    folder = root / "it-it" / "articles" / "backup"
    folder.mkdir(parents=True, exist_ok=True)
    origin: dict[str, str] = {}
    for number in range(count):
        body, renamed = article(text, codes, number)
        (folder / f"bench-{number:04d}.md").write_text(body, encoding="utf-8")
        origin.update({new: code for code, new in renamed.items()})
    return origin
