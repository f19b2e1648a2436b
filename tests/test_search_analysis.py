"""Analyzers: code pieces, Italian and English words, dotted names, plain text for indexing."""

from __future__ import annotations

from search.analysis import camel_parts, code_part_terms, code_terms, dotted_terms, fold, query_code_terms, word_analyzer
from search.plain import plain


def test_a_code_is_indexed_whole_lower_cased_and_by_every_run_of_its_camel_case_parts():
    terms = code_part_terms("UserErrorGuestAgentStatusUnavailable")
    assert "usererrorguestagentstatusunavailable" in terms
    assert {"user", "error", "guest", "agent", "status", "unavailable"} <= set(terms)
    assert {"guestagent", "agentstatus", "guestagentstatus"} <= set(terms)
    assert "userguest" not in terms  # parts must be adjacent
    assert len(terms) == len(set(terms))


def test_codes_field_keeps_each_code_whole_and_lower_cased():
    assert code_terms("BackUpOperationFailed / BackUpOperationFailedV2") == ["backupoperationfailed", "backupoperationfailedv2"]


def test_camel_case_parts_keep_acronyms_and_digits_together():
    assert camel_parts("BCMV2VMNotFound") == ["bcmv2", "vm", "not", "found"]
    assert camel_parts("UserErrorRpCollectionLimitReached") == ["user", "error", "rp", "collection", "limit", "reached"]


def test_query_words_are_also_run_together_to_meet_codes_written_as_words():
    terms = query_code_terms("crp reported user error")
    assert "crpreportedusererror" in terms and "crpreported" in terms and "crp" in terms


def test_italian_words_are_stemmed_stop_words_dropped_and_accents_folded():
    italian = word_analyzer("it")
    assert italian.terms("operazione di backup già in corso") == italian.terms("operazioni backup gia corso")
    assert "di" not in italian.terms("di") and italian.terms("il la le della") == []
    assert italian.terms("connettività") == italian.terms("connettivita")
    assert italian.terms("l'agente dell'estensione") == italian.terms("agente estensione")


def test_english_words_are_stemmed_and_english_stop_words_dropped_in_both_languages():
    english = word_analyzer("en")
    assert english.terms("restore points") == english.terms("restoring point")
    assert english.terms("the of can't") == []
    assert word_analyzer("it").terms("could not communicate with the") == word_analyzer("it").terms("could communicate")


def test_accent_folding():
    assert fold("Già PIÙ perché") == "gia piu perche"


def test_dotted_names_are_kept_whole_with_their_dotted_sides():
    assert dotted_terms("Nel file /etc/waagent.conf individuare") == ["waagent.conf", "waagent.", ".conf"]
    assert dotted_terms("impostare Provisioning.Agent su y") == ["provisioning.agent", "provisioning.", ".agent"]
    assert dotted_terms("Microsoft .NET 4.5 sia installato") == [".net", "4.5"]
    assert "extensions.enable" in dotted_terms("Extensions.Enable") and ".enable" in dotted_terms("configurazione.Enable")
    assert dotted_terms("una frase. Poi un'altra") == []


def test_plain_text_drops_markup_link_targets_and_urls():
    text = plain('## <a name="x"></a>Titolo\n\n**Codice:** `Logs.Verbose` vedere [la guida](https://example.com/a) o <https://github.com/Azure/WALinuxAgent>.\n\n> [!NOTE]\n> Nota<br>fine\n\n| A | B |\n| --- | --- |\n| uno | due |')
    assert "Titolo" in text and "Codice: Logs.Verbose vedere la guida o" in text
    assert "https" not in text and "example" not in text and "WALinuxAgent" not in text
    assert "[!NOTE]" not in text and "<" not in text and "*" not in text and "uno due" in text
