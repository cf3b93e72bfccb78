"""Subjects reduced to what identifies a matter, for grouping messages into cases.

Mail clients prefix a reply or a forward in their own language and stack prefixes
("RE : TR: Re[2]: [Ticket #12] Colis"); customers add "(suite)" or "RELANCE :". What
is left says what the matter is, and keeps order and tracking numbers, which tell two
matters apart. The result is folded (case, accents, spacing) so that "Colis perdu"
and "colis  perdu" compare equal.
"""

import re

from triage.rules.lexicon import fold

# Reply and forward prefixes: English, French (Outlook writes "RE :" and "TR :"),
# German (AW, WG), Dutch (Antw, Doorst), Italian (R, I, Rif), Spanish (RV), Nordic
# (SV, VS), with an optional counter ("Re[2]:", "Re^3:", "Re(2):").
_PREFIX = re.compile(
    r"^\s*(?:re|rep|rép|réf|ref|fw|fwd|tr|trans|aw|wg|antw|antwort|doorst|sv|vs|vb"
    r"|rv|enc|res|rif|r|i)\s*(?:\[\d+\]|\^\d+|\(\d+\))?\s*:\s*",
    re.IGNORECASE,
)
# A tag in brackets at the start ("[Ticket #12]", "[SPAM]", "[EXT]").
_TAG = re.compile(r"^\s*\[[^\]]{0,40}\]\s*")
# Words a customer adds to insist, which do not change the matter.
_INSIST = re.compile(
    r"^\s*(?:relance|rappel|urgent|2e relance|deuxième relance|reminder|follow[- ]up"
    r"|second request)\s*[:!-]+\s*",
    re.IGNORECASE,
)
_SUFFIX = re.compile(r"\s*\((?:suite|bis|2|relance|follow[- ]up|again)\)\s*$", re.I)
_PUNCTUATION_RUN = re.compile(r"[!?.]{2,}")


def normalise_subject(subject: str) -> str:
    """The subject without reply, forward or insistence prefixes, tags and the like,
    folded; "" when nothing is left ("Re:", an empty subject)."""
    text = subject.strip()
    while True:
        stripped = _PREFIX.sub("", text, count=1)
        stripped = _TAG.sub("", stripped, count=1)
        stripped = _INSIST.sub("", stripped, count=1)
        if stripped == text:
            break
        text = stripped
    text = _SUFFIX.sub("", text)
    text = _PUNCTUATION_RUN.sub(" ", text)
    return fold(text).strip(" -:!?.")


# Subjects that name a topic, not a matter: never enough to join on their own.
GENERIC_SUBJECTS = frozenset(
    [
        "reclamation",
        "reclamations",
        "plainte",
        "question",
        "questions",
        "demande",
        "demandes",
        "probleme",
        "bonjour",
        "bonsoir",
        "help",
        "aide",
        "urgent",
        "information",
        "informations",
        "renseignement",
        "renseignements",
        "complaint",
        "request",
        "suite",
        "relance",
        "reponse",
        "commande",
        "compte",
        "carte",
        "code",
        "points",
        "fidelite",
        "service",
        "client",
        "sav",
        "order",
        "account",
        "card",
    ]
)
_GENERIC_PHRASES = frozenset(
    {
        "votre message",
        "sans objet",
        "no subject",
        "ma commande",
        "mon compte",
        "my order",
        "service client",
        "programme fidelite",
        "carte fidelite",
        "points fidelite",
    }
)


def generic(subject: str) -> bool:
    """Too vague a subject to join two messages on its own."""
    return (
        not subject
        or subject in _GENERIC_PHRASES
        or GENERIC_SUBJECTS.issuperset(subject.split())
    )
