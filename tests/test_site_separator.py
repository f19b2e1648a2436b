"""The site search separator: what Material's in-page search sees as the terms of a text or a query."""

from __future__ import annotations

import re

from kb_builder.site.separator import separator


def terms(text: str, languages: list[str]) -> list[str]:
    """The text split as Material's search worker splits it (pieces between separator matches), in lower case."""
    pieces, start = [], 0
    for match in re.finditer(separator(languages), text):
        if match.start() > start:
            pieces.append(text[start : match.start()].lower())
        start = max(start, match.end())
    if start < len(text):
        pieces.append(text[start:].lower())
    return pieces


def test_function_words_and_elided_articles_are_not_terms():
    assert terms("Aggiornare l'agente di macchine virtuali Linux", ["it", "en"]) == ["aggiornare", "agente", "macchine", "virtuali", "linux"]
    assert terms("Impossibile comunicare con Backup di Azure", ["it", "en"]) == ["impossibile", "comunicare", "backup", "azure"]
    assert terms("Della VM dell’host", ["it"]) == ["vm", "host"]
    assert terms("The restore points can't exceed 18", ["en"]) == ["restore", "points", "can't", "exceed", "18"]


def test_words_that_start_like_a_function_word_stay_whole():
    assert terms("disco configurato installato dimensioni", ["it", "en"]) == ["disco", "configurato", "installato", "dimensioni"]


def test_codes_split_into_camel_case_parts_and_numbers_keep_their_dot():
    assert terms("UserErrorGuestAgentStatusUnavailable", ["it", "en"]) == ["user", "error", "guest", "agent", "status", "unavailable"]
    assert terms("versione 2.7.5, configurazione.Enable", ["it", "en"]) == ["versione", "2.7.5", "configurazione", "enable"]


def test_only_the_languages_of_the_part_are_separators():
    assert terms("la di the", ["en"]) == ["la", "di"]
