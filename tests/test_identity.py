"""One customer on two addresses: the same name and the same signature block."""

import pytest

from triage.cases.identity import Sender, customers, signature_block

SIGNED = (
    "Bonjour,\n\nMa carte est bloquée.\n\nCordialement,\n\n--\nÉlodie Marchand\n"
    "06 00 11 22 33\nCarte fidélité FID 4921 0038 7712\n"
)


@pytest.mark.parametrize(
    ("body", "block"),
    [
        (SIGNED, "elodie marchand\n06 00 11 22 33\ncarte fidelite fid 4921 0038 7712"),
        ("Texte\n-- \nJean Dupont\n", "jean dupont"),
        ("Texte sans signature\nJean\n", ""),
        # Quoted: the agent's signature in the quote is not the customer's.
        ("Toujours rien.\n\n> Merci\n> --\n> Camille\n> Service Fidélité\n", ""),
        # The customer's own block above a quote counts, the quote does not.
        (
            "Texte\n--\nJean Dupont\n06 11\n\n> Le 3 nov.\n> --\n> Camille\n",
            "jean dupont\n06 11",
        ),
        # Too long to be a signature.
        ("Texte\n--\n" + "ligne\n" * 9, ""),
        ("Texte\n--\n\nrien\n", ""),
    ],
)
def test_signature_block(body: str, block: str) -> None:
    assert signature_block(body) == block


def test_two_addresses_with_the_same_name_and_signature_are_one_customer() -> None:
    found = customers(
        [
            Sender("elodiemarchand44@gmail.com", "Élodie Marchand", SIGNED),
            Sender("elodie.marchand@orange.fr", "Elodie MARCHAND", SIGNED),
            Sender("other@example.com", "Paul Roux", "Bonjour\n--\nPaul Roux\n"),
        ]
    )
    assert found == {
        "elodiemarchand44@gmail.com": "elodiemarchand44@gmail.com",
        "elodie.marchand@orange.fr": "elodiemarchand44@gmail.com",
        "other@example.com": "other@example.com",
    }


@pytest.mark.parametrize(
    ("second_name", "second_body"),
    [
        ("Élodie Marchand", "Bonjour, ma carte.\n"),  # a name, no signature
        ("Élodie Marchand", SIGNED.replace("06 00 11 22 33", "06 99 88 77 66")),
        ("Élodie", SIGNED),  # one word is too common a name
        ("Paul Roux", SIGNED),  # someone else's name over a copied signature
    ],
)
def test_a_name_or_a_signature_alone_is_not_enough(
    second_name: str, second_body: str
) -> None:
    found = customers(
        [
            Sender("a@example.com", "Élodie Marchand", SIGNED),
            Sender("b@example.com", second_name, second_body),
        ]
    )
    assert found["b@example.com"] == "b@example.com"
