"""Language of short, messy customer mail, and the cost rules of triage.language."""

import json
import os
import signal
import subprocess
import sys
from types import SimpleNamespace

import pytest

import triage.language
from triage.language import detect_language

FRENCH = [
    "Bonjour, j'ai commandé un aspirateur le 3 mars et je n'ai toujours rien reçu. "
    "Pouvez-vous me dire où en est ma commande ? Merci",
    "ca fait 2 semaines que j attends mon colis, personne ne repond au telephone",
    "LE PRODUIT EST ARRIVÉ CASSÉ ET JE VEUX UN REMBOURSEMENT IMMÉDIAT",
    "Le code promo ne fonctionne pas sur le site, il me dit qu'il est expiré.",
    "Où est ma commande CMD-2026-104233 ?",
    "je veux etre rembourse",
    "Envoyé de mon iPhone",
]
ENGLISH = [
    "Hello, I ordered a vacuum cleaner on March 3rd and still haven't received "
    "anything. Could you tell me where my order is? Thanks",
    "THE PROMO CODE DOES NOT WORK ON YOUR WEBSITE",
    "Please cancel order CMD-2026-104233, I no longer need it.",
    "your courier left the package at the wrong address, again",
    "I want my money back",
    "Sent from my iPhone",
]
# A few words, as many mails are: the case the library was chosen for.
SHORT_FRENCH = [
    "mon numéro de suivi???",
    "Perdu mon code",
    "toujours rien",
    "Toujours pas livré !!!",
    "j'attends toujours 😡",
    "pas de réponse",
    "colis pas reçu",
    "REMBOURSEMENT SVP",
    "Bonjour",
    "Merci beaucoup",
]
SHORT_ENGLISH = [
    "where is my parcel",
    "still nothing",
    "refund please",
    "WHERE IS MY ORDER",
    "not delivered yet!!",
    "any update? 🙏",
    "wrong item received",
    "thank you",
]
OTHER = [
    "Ich habe meine Bestellung immer noch nicht erhalten.",
    "Wo ist mein Paket?",
    "Von meinem iPhone gesendet",
    "¿Dónde está mi pedido?",
    "Todavía no he recibido nada, quiero un reembolso.",
    "Non ho ancora ricevuto il mio ordine, grazie",
    "Dove è il mio pacco?",
    "Ik heb mijn bestelling nog steeds niet ontvangen.",
    "Waar is mijn pakket?",
    "Ainda não recebi o meu pedido, obrigado.",
    "muchas gracias",
    # Scripts none of the seven languages is written in.
    "Здравствуйте, где моя посылка?",
    "我的包裹在哪里",
]
# No letters left once numbers, addresses and links are set aside.
NOTHING_TO_JUDGE = [
    "",
    "   \n\t",
    "12345",
    "CMD-2026-104233",
    "06 12 34 56 78",
    "!!!???",
    "--\n",
    "😡😡😡",
    "jean.dupont@example.fr",
    "https://suivi.example.com/colis/8Z12345",
    "CMD-2026-104233 👍 https://example.com",
]


@pytest.mark.parametrize(
    ("text", "expected"),
    [(text, "fr") for text in FRENCH + SHORT_FRENCH]
    + [(text, "en") for text in ENGLISH + SHORT_ENGLISH]
    + [(text, "other") for text in OTHER]
    + [(text, None) for text in NOTHING_TO_JUDGE],
)
def test_detect_language(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


def _fake_detector(**confidence: float) -> SimpleNamespace:
    """A stand-in for lingua's detector that returns fixed confidence values."""
    values = [
        SimpleNamespace(
            language=SimpleNamespace(iso_code_639_1=SimpleNamespace(name=code)),
            value=value,
        )
        for code, value in sorted(confidence.items(), key=lambda item: -item[1])
    ]
    return SimpleNamespace(compute_language_confidence_values=lambda text: values)


@pytest.mark.parametrize(
    ("confidence", "expected"),
    [
        ({"FR": 0.9, "EN": 0.05, "IT": 0.05}, "fr"),
        ({"ES": 0.7, "FR": 0.2, "EN": 0.1}, "other"),
        # Unsure, and French plus English hold 0.6 or more: the likelier of the two.
        ({"IT": 0.4, "FR": 0.35, "EN": 0.25}, "fr"),
        ({"NL": 0.4, "EN": 0.4, "FR": 0.2}, "en"),
        # Unsure, but French plus English are not the bulk: the best language stands.
        ({"IT": 0.45, "FR": 0.3, "EN": 0.25}, "other"),
        ({"EN": 0.3, "DE": 0.25, "NL": 0.25, "FR": 0.2}, "en"),
        # Letters lingua cannot place in any of its languages.
        ({"FR": 0.0, "EN": 0.0, "DE": 0.0}, "other"),
    ],
)
def test_rule_for_unsure_text(
    monkeypatch: pytest.MonkeyPatch, confidence: dict[str, float], expected: str
) -> None:
    fake = _fake_detector(**confidence)
    monkeypatch.setattr(triage.language, "_detector", lambda: fake)
    assert detect_language("peu importe") == expected


def test_importing_the_module_does_not_load_the_library() -> None:
    # The detector costs seconds and ~190 MB: only a call may pay for it.
    code = (
        "import json, sys\n"
        "import triage.language\n"
        "print(json.dumps(sorted(n for n in sys.modules if n.startswith('lingua'))))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == []


_FORK_PROBE = """
import os
import triage.language
from triage.language import detect_language

def in_child(text, rebuild=False):
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        if rebuild:
            triage.language._detector.cache_clear()
        os.write(write, str(detect_language(text)).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    return os.read(read, 100).decode()

first = in_child("toujours rien")  # the child builds its own detector
detect_language("Bonjour")  # the parent builds one, which later children inherit
inherited = in_child("where is my parcel")
rebuilt = in_child("Wo ist mein Paket?", rebuild=True)  # builds after the parent did
print(first, inherited, rebuilt)
"""


def test_detector_works_in_forked_workers() -> None:
    # A detector that had used lingua's thread pool (its preloading does) hangs in a
    # child that builds one. The probe runs in its own session so that on a hang the
    # forked children are killed with it, not left behind.
    probe = subprocess.Popen(
        [sys.executable, "-c", _FORK_PROBE],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = probe.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(probe.pid, signal.SIGKILL)
        probe.communicate()
        pytest.fail("detect_language hung in a forked process")
    assert probe.returncode == 0, stderr
    assert stdout.split() == ["fr", "en", "other"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (FRENCH[0], "fr"),
        (FRENCH[1], "fr"),
        (ENGLISH[0], "en"),
        (ENGLISH[3], "en"),
        ("Bonjour, je n'ai toujours pas reçu ma commande", "fr"),
        ("Hello, I have still not received my order", "en"),
        # A fragment: one function word, and none of the other language.
        ("Perdu mon code", "fr"),
        ("Any update?", "en"),
        # A stray word of another language among many does not count ("ho").
        ("Nobody came to my door and I was at the address all day, at ho", "en"),
    ],
)
def test_function_words_settle_clear_mail_without_lingua(
    text: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_lingua() -> None:
        raise AssertionError("lingua was asked")

    monkeypatch.setattr(triage.language, "_detector", no_lingua)
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "code promo",  # no function word at all
        "Todavía no he recibido nada, quiero un reembolso.",  # a Spanish word
        "Non ho ancora ricevuto il mio ordine, grazie",
        "Ik heb mijn bestelling nog steeds niet ontvangen.",
        "the order and la commande et le colis",  # no clear majority
    ],
)
def test_unclear_or_foreign_mail_goes_to_lingua(text: str) -> None:
    assert triage.language._quick(text) is None
