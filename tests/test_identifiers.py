"""Numbers a customer mentions, by kind: found by their shape or by the word before."""

import pytest

from triage.cases.identifiers import Identifier, identifiers


def found(text: str) -> list[tuple[str, str]]:
    return [(i.kind, i.value) for i in identifiers(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Où est ma commande CMD-2026-104233 ?", [("order", "CMD2026104233")]),
        ("CMD-2026-104233", [("order", "CMD2026104233")]),  # the shape alone
        ("commande n° 4471234", [("order", "4471234")]),
        ("my order number is 88123456", [("order", "88123456")]),
        ("Order #A-99812", [("order", "A99812")]),
        (
            "Numéro de suivi : 6A12345678901",
            [("tracking", "6A12345678901")],
        ),
        ("le colis 6A 1234 5678 901 est bloqué", [("tracking", "6A12345678901")]),
        ("LA123456789FR", [("tracking", "LA123456789FR")]),
        ("tracking 1Z999AA10123456784", [("tracking", "1Z999AA10123456784")]),
        ("Carte fidelite FID 4921 1163 0951", [("card", "492111630951")]),
        ("my loyalty card 4921-3307-1185", [("card", "492133071185")]),
        ("bon d'achat BA-15-22HX refusé", [("voucher", "BA1522HX")]),
        ("le code promo NOEL2026 ne marche pas", [("voucher", "NOEL2026")]),
        ("voucher code: X7Q-99-PLM", [("voucher", "X7Q99PLM")]),
        (
            "Commande CMD-2026-104233, colis 6A12345678901, carte 4921 1163 0951",
            [
                ("order", "CMD2026104233"),
                ("tracking", "6A12345678901"),
                ("card", "492111630951"),
            ],
        ),
        # Once each, in order of appearance.
        (
            "CMD-2026-104233 ... toujours CMD-2026-104233 !",
            [("order", "CMD2026104233")],
        ),
    ],
)
def test_identifiers_found(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, ma commande n'est pas arrivée.",  # no number
        "Appelez-moi au 06 12 34 56 78",  # a phone number
        "J'habite au 12 rue des Lilas, 69003 Lyon",  # a postcode
        "le code ne marche pas",  # no code given
        "le suivi de ma commande est vide",
        "J'ai 12500 points sur ma carte",  # points, not a card number
        "commande du 12/11/2026 de 49,90 €",  # a date and an amount
    ],
)
def test_no_identifier(text: str) -> None:
    assert found(text) == []


def test_a_shortened_number_is_the_same_order() -> None:
    full = Identifier("order", "CMD-2026-104233", "CMD2026104233")
    short = Identifier("order", "104233", "104233")
    other = Identifier("order", "CMD-2026-104234", "CMD2026104234")
    assert full.same_as(short) and short.same_as(full)
    assert not full.same_as(other)
    assert not full.same_as(Identifier("tracking", "x", "CMD2026104233"))
    # Too short a tail says nothing.
    assert not Identifier("order", "04233", "04233").same_as(full)
