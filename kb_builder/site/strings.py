"""The site's own interface words per language, as data (Material translates its own)."""

from __future__ import annotations

from ..labels import language_of

STRINGS: dict[str, dict[str, str]] = {
    "it": {
        "lang": "it",
        "home_title": "Codici di errore",
        "home_intro": "Questa guida raccoglie i codici di errore degli articoli di risoluzione dei problemi: per ogni codice trovi il messaggio, le cause e le soluzioni.",
        "filter_label": "Filtra i codici",
        "filter_placeholder": "Filtra per codice o messaggio…",
        "filter_empty": "Nessun codice corrisponde al filtro.",
        "col_code": "Codice",
        "col_message": "Messaggio",
        "col_causes": "Cause",
        "col_article": "Articolo",
        "alias_of": "alias di",
        "errors": "Errori",
        "causes": "Cause",
        "articles": "Articoli",
        "errors_title": "Tutti gli errori",
        "causes_title": "Tutte le cause",
        "articles_title": "Articoli",
        "message": "Messaggio di errore",
        "english_original": "Originale in inglese",
        "description": "Descrizione",
        "causes_heading": "Cause",
        "steps": "Passaggi",
        "notes": "Note",
        "inline_causes": "Cause e azioni consigliate",
        "cause": "Causa",
        "action": "Azione",
        "recommended_action": "Azione consigliata",
        "details": "Approfondimenti",
        "in_article": "Sezione nell'articolo completo",
        "open_in_article": "Leggi la sezione nell'articolo completo",
        "referenced_by": "Errori che rimandano qui",
        "no_referrers": "Nessun errore rimanda a questa causa.",
        "copy_code": "Copia il codice",
        "copied": "Copiato",
        "also_known_as": "Anche",
        "missing_locale": "Questo codice non è documentato in italiano: il contenuto è mostrato nella lingua in cui è disponibile.",
        "redirect": "Questo codice è un alias di {code}. Reindirizzamento in corso…",
        "api": "API JSON",
        "note": "Nota",
        "tip": "Suggerimento",
        "important": "Importante",
        "caution": "Attenzione",
        "warning": "Avviso",
        "missing_image": "Immagine non disponibile",
        "codes_count": "{count} codici",
    },
    "en": {
        "lang": "en",
        "home_title": "Error codes",
        "home_intro": "This guide collects the error codes of the troubleshooting articles: for each code, the message, the causes and the solutions.",
        "filter_label": "Filter the codes",
        "filter_placeholder": "Filter by code or message…",
        "filter_empty": "No code matches the filter.",
        "col_code": "Code",
        "col_message": "Message",
        "col_causes": "Causes",
        "col_article": "Article",
        "alias_of": "alias of",
        "errors": "Errors",
        "causes": "Causes",
        "articles": "Articles",
        "errors_title": "All errors",
        "causes_title": "All causes",
        "articles_title": "Articles",
        "message": "Error message",
        "english_original": "English original",
        "description": "Description",
        "causes_heading": "Causes",
        "steps": "Steps",
        "notes": "Notes",
        "inline_causes": "Causes and recommended actions",
        "cause": "Cause",
        "action": "Action",
        "recommended_action": "Recommended action",
        "details": "Details",
        "in_article": "Section in the full article",
        "open_in_article": "Read the section in the full article",
        "referenced_by": "Errors that point here",
        "no_referrers": "No error points to this cause.",
        "copy_code": "Copy the code",
        "copied": "Copied",
        "also_known_as": "Also",
        "missing_locale": "This code is not documented in English: the content is shown in the language it is available in.",
        "redirect": "This code is an alias of {code}. Redirecting…",
        "api": "JSON API",
        "note": "Note",
        "tip": "Tip",
        "important": "Important",
        "caution": "Caution",
        "warning": "Warning",
        "missing_image": "Image not available",
        "codes_count": "{count} codes",
    },
}
FALLBACK = "en"

LANGUAGE_NAMES = {"it": "Italiano", "en": "English", "de": "Deutsch", "fr": "Français", "es": "Español"}


def strings_for(locale: str) -> dict[str, str]:
    """The interface words of a locale's language, English where it has none."""
    return STRINGS.get(language_of(locale), STRINGS[FALLBACK])


def language_name(locale: str) -> str:
    """A locale's language in its own words, for the language switcher."""
    return LANGUAGE_NAMES.get(language_of(locale), locale)
