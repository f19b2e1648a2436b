"""Label words per language, as data: a new locale is added here, not in code.

Every entry is lower case. English labels apply to every locale too, because
machine-translated articles keep English labels ("Error message:") glued in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Labels:
    """The words that mark the parts of an error section in one language."""

    code: tuple[str, ...]
    """"Codice di errore:" lines."""
    message: tuple[str, ...]
    """"Messaggio di errore:" lines."""
    cause: tuple[str, ...]
    """"Causa 2: [..](#..)" references."""
    step: tuple[str, ...]
    """"Passaggio 1: [..](#..)" references and step labels."""
    causes_heading: tuple[str, ...]
    """Headings whose children are the shared cause sections."""
    error_column: tuple[str, ...]
    """First header cell of a table that lists an error."""
    cause_column: tuple[str, ...]
    action_column: tuple[str, ...]
    recommended_action: tuple[str, ...]
    """"Azione consigliata:" paragraphs."""
    error_number: tuple[str, ...]
    """Words before a numeric error id ("Errore 34506", "Msg 40847")."""
    code_column: tuple[str, ...] = ()
    """Header of a plain code or id column ("Codice", "ID"): error codes only in a table about errors."""
    issue_column: tuple[str, ...] = ()
    """Header of a problem or symptom column ("Problema")."""
    description_column: tuple[str, ...] = ()
    message_column: tuple[str, ...] = ()
    """Header of the column that names an error or gives its message ("Nome / messaggio")."""
    error_words: tuple[str, ...] = ()
    """Words that make a heading, a title or a sentence about errors ("errore", "eccezioni")."""
    troubleshooting: tuple[str, ...] = ()
    """Phrases of a troubleshooting article's title ("risoluzione dei problemi")."""
    status_words: tuple[str, ...] = ()
    """Words that make 4xx and 5xx numbers HTTP statuses ("codice di stato", "status")."""
    failure_words: tuple[str, ...] = ()
    """Pieces of words (and of code names) that say something failed: "fail", "non riuscit"."""


LABELS: dict[str, Labels] = {
    "en": Labels(
        code=("error code", "error codes"),
        message=("error message", "error messages"),
        cause=("cause", "reason"),
        step=("step",),
        causes_heading=("causes and solutions", "causes and resolutions"),
        error_column=("error", "error message", "error code", "error codes", "exception", "exception type", "exceptions"),
        cause_column=("cause", "causes", "possible cause", "possible causes", "reason", "reasons"),
        action_column=("recommended actions", "recommended action", "solution", "solutions", "recommendations", "resolution", "action"),
        recommended_action=("recommended action", "recommended actions"),
        error_number=("error", "msg", "error code", "event id"),
        code_column=("code", "codes", "id", "event id", "status code", "status", "hresult", "error id", "number"),
        issue_column=("issue", "issues", "problem", "problems", "symptom", "symptoms"),
        description_column=("description", "details", "meaning"),
        message_column=("message", "name", "name / message", "name/message"),
        error_words=("error", "errors", "exception", "exceptions", "fault", "faults", "failure", "failures"),
        troubleshooting=("troubleshoot", "troubleshooting", "error", "errors", "error codes"),
        status_words=("status", "statuses", "status code", "status codes", "response code", "response codes"),
        failure_words=("error", "fail", "exception", "denied", "invalid", "timeout", "timed out", "unavailable", "notfound", "not found", "unable"),
    ),
    "it": Labels(
        code=("codice di errore", "codice errore", "codici di errore", "codice dell'errore"),
        message=("messaggio di errore", "messaggio d'errore", "messaggio errore"),
        cause=("causa", "motivo", "ragione"),
        step=("passaggio", "passo"),
        causes_heading=("cause e soluzioni", "cause e risoluzioni"),
        error_column=("errore", "messaggio di errore", "codice di errore", "codice errore", "eccezione", "tipo di eccezione", "eccezioni"),
        cause_column=("causa", "cause", "possibile causa", "possibili cause", "motivi", "motivo"),
        action_column=("azioni consigliate", "azione consigliata", "soluzione", "soluzioni", "consigli", "risoluzione"),
        recommended_action=("azione consigliata", "azioni consigliate"),
        error_number=("errore", "codice di errore", "codice errore", "id evento"),
        code_column=("codice", "codici", "id", "id evento", "codice di stato", "stato", "hresult", "numero"),
        issue_column=("problema", "problemi", "sintomo", "sintomi"),
        description_column=("descrizione", "dettagli", "significato"),
        message_column=("messaggio", "nome", "nome / messaggio", "nome/messaggio", "assegnare un nome / messaggio"),
        error_words=("errore", "errori", "eccezione", "eccezioni", "guasto", "guasti"),
        troubleshooting=("risoluzione dei problemi", "risolvere i problemi", "risolvere problemi", "errore", "errori", "codici di errore"),
        status_words=("stato", "stati", "codice di stato", "codici di stato", "codice di risposta", "codici di risposta"),
        failure_words=("errore", "errori", "non riuscit", "impossibile", "negato", "non valid", "non disponibile", "non trovat", "eccezione"),
    ),
    "de": Labels(
        code=("fehlercode",),
        message=("fehlermeldung",),
        cause=("ursache", "grund"),
        step=("schritt",),
        causes_heading=("ursachen und lösungen",),
        error_column=("fehler", "fehlermeldung", "fehlercode"),
        cause_column=("ursache", "mögliche ursache", "mögliche ursachen"),
        action_column=("empfohlene aktionen", "empfohlene aktion", "lösung"),
        recommended_action=("empfohlene aktion", "empfohlene aktionen"),
        error_number=("fehler",),
        code_column=("code", "id", "ereignis-id", "statuscode"),
        issue_column=("problem", "symptom"),
        description_column=("beschreibung", "details", "meldung"),
        error_words=("fehler", "ausnahme", "ausnahmen"),
        troubleshooting=("problembehandlung", "fehlerbehebung", "fehler", "fehlercodes"),
        status_words=("status", "statuscode"),
        failure_words=("fehler", "fehlgeschlagen", "ungültig", "verweigert", "nicht verfügbar"),
    ),
    "fr": Labels(
        code=("code d'erreur", "code d’erreur"),
        message=("message d'erreur", "message d’erreur"),
        cause=("cause", "raison"),
        step=("étape",),
        causes_heading=("causes et solutions",),
        error_column=("erreur", "message d'erreur", "code d'erreur"),
        cause_column=("cause", "cause possible", "causes possibles"),
        action_column=("actions recommandées", "action recommandée", "solution"),
        recommended_action=("action recommandée", "actions recommandées"),
        error_number=("erreur",),
        code_column=("code", "id", "id d'événement", "code d'état"),
        issue_column=("problème", "problèmes", "symptôme", "symptômes"),
        description_column=("description", "détails", "message"),
        error_words=("erreur", "erreurs", "exception", "exceptions"),
        troubleshooting=("résoudre les problèmes", "résolution des problèmes", "dépannage", "erreur", "erreurs", "codes d'erreur"),
        status_words=("statut", "état", "code d'état"),
        failure_words=("erreur", "échec", "échoué", "non valide", "refusé", "indisponible"),
    ),
    "es": Labels(
        code=("código de error",),
        message=("mensaje de error",),
        cause=("causa", "motivo"),
        step=("paso",),
        causes_heading=("causas y soluciones",),
        error_column=("error", "mensaje de error", "código de error"),
        cause_column=("causa", "causa posible", "causas posibles"),
        action_column=("acciones recomendadas", "acción recomendada", "solución"),
        recommended_action=("acción recomendada", "acciones recomendadas"),
        error_number=("error",),
        code_column=("código", "id", "id. de evento", "código de estado"),
        issue_column=("problema", "problemas", "síntoma", "síntomas"),
        description_column=("descripción", "detalles", "mensaje"),
        error_words=("error", "errores", "excepción", "excepciones"),
        troubleshooting=("solución de problemas", "solucionar problemas", "error", "errores", "códigos de error"),
        status_words=("estado", "código de estado"),
        failure_words=("error", "errores", "no válid", "denegado", "no disponible"),
    ),
}


def language_of(locale: str) -> str:
    """``it-it`` -> ``it``."""
    return locale.split("-", 1)[0].lower() if locale else "en"


@lru_cache(maxsize=None)
def labels_for(locale: str) -> Labels:
    """The locale's labels merged with the English ones (locale words first)."""
    english = LABELS["en"]
    own = LABELS.get(language_of(locale))
    if own is None or own is english:
        return english
    merged = {name: tuple(dict.fromkeys(getattr(own, name) + getattr(english, name))) for name in Labels.__dataclass_fields__}
    return Labels(**merged)
