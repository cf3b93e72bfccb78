"""Subjects reduced to the matter: reply and forward prefixes in many languages."""

import pytest

from triage.cases.subjects import normalise_subject
from triage.rules.lexicon import fold


@pytest.mark.parametrize(
    ("subject", "matter"),
    [
        ("Colis jamais arrivé", "colis jamais arrive"),
        ("Re: Colis jamais arrivé", "colis jamais arrive"),
        ("RE : Colis jamais arrivé", "colis jamais arrive"),  # Outlook in French
        ("TR: Colis jamais arrivé", "colis jamais arrive"),
        ("Fwd: Re: RE: Colis jamais arrivé", "colis jamais arrive"),
        ("Re[2]: Colis jamais arrivé", "colis jamais arrive"),
        ("Re^3: Colis jamais arrivé", "colis jamais arrive"),
        ("AW: WG: Paket nicht angekommen", "paket nicht angekommen"),
        ("Fw: Lost parcel", "lost parcel"),
        ("SV: Lost parcel", "lost parcel"),
        ("[Ticket #4471] Re: Carte bloquée", "carte bloquee"),
        ("Re: [EXT] Carte bloquée", "carte bloquee"),
        (
            "RELANCE : numéro de suivi CMD-2026-104233",
            "numero de suivi cmd-2026-104233",
        ),
        (
            "Re: RELANCE : numéro de suivi CMD-2026-104233",
            "numero de suivi cmd-2026-104233",
        ),
        ("URGENT - CMD-2026-104233 !!!", "cmd-2026-104233"),
        ("Carte bloquée (suite)", "carte bloquee"),
        ("Reminder: voucher not received", "voucher not received"),
        ("  colis   PERDU ", "colis perdu"),
        # Numbers stay: they tell matters apart.
        ("Re: Commande CMD-2026-105610", "commande cmd-2026-105610"),
        ("Re: Commande CMD-2026-105612", "commande cmd-2026-105612"),
        # Nothing left.
        ("Re:", ""),
        ("", ""),
        ("RE : TR :", ""),
    ],
)
def test_normalise_subject(subject: str, matter: str) -> None:
    assert normalise_subject(subject) == matter


@pytest.mark.parametrize(
    "subject",
    [
        "Remboursement retour",  # "re" starts a word, not a prefix
        "Relation client : 5 idées",  # "Relation" is not "Re:"
        "Rappel de mes points",  # an insistence word needs a separator
        "Réclamation commande",
        "Information: horaires",  # "I" alone needs its colon right after
        "Transfer points to my wife's account",
    ],
)
def test_words_that_look_like_prefixes_stay(subject: str) -> None:
    assert normalise_subject(subject) == fold(subject)
