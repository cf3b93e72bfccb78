"""Decoding text that lies about its charset, and making untrusted text inert."""

import random
import re

import pytest

from triage.text import (
    decode_bytes,
    decode_header,
    for_display,
    html_to_text,
    recover_header,
    tidy,
)

# What must never reach a terminal: C0 controls but tab and newline, DEL, C1, line and
# paragraph separators, bidi controls, zero-width space and invisible format
# characters, BOM, lone surrogates. Not ZWNJ/ZWJ (U+200C/200D): text needs them.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2060-\u206f\ud800-\udfff\ufeff]"
)
CHARSETS = [
    None,
    "",
    "utf-8",
    "iso-8859-1",
    "iso-8859-15",
    "windows-1252",
    "us-ascii",
    "utf-16",
    "utf-7",
    "shift_jis",
    "x-unknown",
    "undefined",
    "rot13",
    "base64",
    "punycode",
    "idna",
    '"utf-8"',
]


@pytest.mark.parametrize(
    ("data", "charset", "expected"),
    [
        (b"caf\xc3\xa9", "utf-8", "café"),
        (b"caf\xe9", "iso-8859-1", "café"),
        (b"caf\xc3\xa9", "iso-8859-1", "café"),  # UTF-8 declared as latin-1
        (b"10 \x80 \x93ok\x94 l\x92an", "iso-8859-1", "10 € “ok” l\u2019an"),
        (b"10 \x80", "us-ascii", "10 €"),
        (b"10 \xa4", "iso-8859-15", "10 €"),
        (b"caf\xe9", '"ISO-8859-1"', "café"),
        (b"caf\xe9", "utf-8", "café"),  # latin-1 declared as UTF-8
        (b"caf\xe9", None, "café"),
        (b"caf\xc3\xa9", None, "café"),
        (b"caf\xe9", "x-unknown", "café"),
        (b"caf\xe9", "undefined", "café"),  # a codec that always raises
        (b"caf\xe9", "rot13", "café"),  # a codec that is not a text encoding
        (b"\x81", "windows-1252", "\x81"),  # undefined in cp1252: latin-1
        (b"\x82\xa0\x82\xa2", "shift_jis", "あい"),
        # 7-bit encodings: the bytes are ASCII, the text is not.
        (b"\x1b$BF|K\\8l\x1b(B", "iso-2022-jp", "日本語"),
        (b"\x1b$BF|K\\8l\x1b(B", "ISO-2022-JP", "日本語"),
        (b"caf+AOk- cr+AOg-me", "utf-7", "café crème"),
        (b"+ZeVnLIqe-", "UTF-7", "日本語"),
        (b"Bonjour", "iso-2022-jp", "Bonjour"),
        (b"B\x00o\x00n\x00", "utf-16-le", "Bon"),
        (b"Bonjour", "utf-16", "Bonjour"),  # no NUL byte: ASCII under a wrong label
        # Declared UTF-8, damaged: a cut or stray sequence in UTF-8 text stays UTF-8.
        (b"bloqu\xc3", "utf-8", "bloqu\ufffd"),  # cut inside "é"
        (b"l\xe2\x80", "utf-8", "l\ufffd"),  # cut inside U+2019 (apostrophe)
        (b"d\xc3\xa9j\xc3", "utf-8", "déj\ufffd"),  # cut inside "à"
        (b"tr\xc3\xa8s d\xc3\xa9\xc3\xa7ue \xff!", "utf-8", "très déçue \ufffd!"),
        # ... but latin-1 declared as UTF-8 is still latin-1.
        (b"caf\xe9 cr\xe8me", "utf-8", "café crème"),
        (b"d\xe9j\xe0", "utf-8", "déjà"),
        # Mostly latin-1 with one UTF-8 character: cp1252 as a whole.
        (b"\xe9t\xe9 caf\xc3\xa9 \xe0 cr\xe8me", "utf-8", "été cafÃ© à crème"),
    ],
)
def test_decode_bytes(data: bytes, charset: str | None, expected: str) -> None:
    assert decode_bytes(data, charset) == expected


def test_decode_bytes_never_raises_on_random_bytes() -> None:
    rng = random.Random(0)
    for _ in range(400):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(80)))
        charset = rng.choice(CHARSETS)
        text = decode_bytes(data, charset)
        assert isinstance(text, str)
        text.encode("utf-8")  # no lone surrogates


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("", ""),
        ("Commande 4521", "Commande 4521"),
        ("=?UTF-8?Q?R=C3=A9clamation_urgente?=", "Réclamation urgente"),
        ("=?utf-8?B?UsOpY2xhbWF0aW9u?=", "Réclamation"),
        ("=?iso-8859-1?Q?d=E9j=E0_pay=E9?=", "déjà payé"),
        ("=?ISO-8859-1?B?ZOlq4CBwYXnp?=", "déjà payé"),
        ("=?utf-8?q?caf=C3=A9?= =?utf-8?b?IGNyw6htZQ==?=", "café crème"),
        ("=?utf-8?Q?caf=C3=A9?=\r\n =?utf-8?Q?_cr=C3=A8me?=", "café crème"),
        ("=?utf-8?Q?caf=C3=A9?= et th\u00e9", "café et thé"),
        ("Re: =?utf-8?Q?caf=C3=A9?=", "Re: café"),
        ("=?iso-8859-1?Q?caf=E9?= =?utf-8?Q?_cr=C3=A8me?=", "café crème"),
        ("=?UTF-8?B?w6nD?= =?UTF-8?B?qQ==?=", "éé"),  # é split across two words
        ("=?utf-8?Q?Probl=C3=A8me_de_livraison", "Problème de livraison"),
        ("=?utf-8?B?w6k?=", "é"),  # padding missing
        ("=?utf-8?B?w6k=?=", "é"),
        ("=?utf-8?B?w6k===?=", "é"),  # too much padding
        ("=?x-unknown?Q?refus=C3=A9?=", "refusé"),
        ("=?x-unknown?Q?refus=E9?=", "refusé"),
        ("=?utf-8*fr?Q?caf=C3=A9?=", "café"),  # RFC 2231 language
        ("=?utf-8?X?caf=C3=A9?=", "=?utf-8?X?caf=C3=A9?="),  # no such encoding
        ("=?", "=?"),
        ("ligne\r\n\tpliée", "ligne pliée"),
        ("R\udcc3\udca9clamation", "Réclamation"),  # raw 8-bit UTF-8
        ("R\udce9clamation", "Réclamation"),  # raw 8-bit latin-1
        ("Colis\x00 perdu", "Colis\ufffd perdu"),
        ("=?utf-8?Q?Colis=00_perdu?=", "Colis\ufffd perdu"),
        ("=?ISO-2022-JP?B?GyRCRnxLXDhsGyhC?=", "日本語"),
        ("Re: =?iso-2022-jp?Q?=1B$BF|K\\8l=1B(B?=", "Re: 日本語"),
        (
            "=?utf-8?q?Application_bloqu=C3?= depuis hier",  # cut inside "é"
            "Application bloqu\ufffd depuis hier",
        ),
        ("=?utf-8?q?caf=E9_cr=E8me?=", "café crème"),  # latin-1 declared as UTF-8
    ],
)
def test_decode_header(value: str | None, expected: str) -> None:
    assert decode_header(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Zo\udcc3\udca9", "Zoé"),
        ("Andr\udce9", "André"),
        ("déjà décodé", "déjà décodé"),
    ],
)
def test_recover_header(value: str, expected: str) -> None:
    assert recover_header(value) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("", ""),
        ("   \n ", ""),
        ("<html></html>", ""),
        ("<!-- rien -->", ""),
        (
            "<p>Bonjour&nbsp;!</p><p>L&#8217;article est ab&icirc;m&eacute;.</p>",
            "Bonjour !\n\nL\u2019article est abîmé.",
        ),
        ("<p>non fermé <b>gras <table><tr><td>x", "non fermé gras x"),
        ("</p></div>texte</span>", "texte"),
        ("<", "<"),
        ("<?xml version='1.0' encoding='utf-8'?><p>Bonjour</p>", "Bonjour"),
        ("<p>a\x00b</p>", "a\ufffdb"),
        ("<ul><li>un<li>deux</ul>", "  * un\n  * deux"),
    ],
)
def test_html_to_text(html: str, expected: str) -> None:
    assert html_to_text(html) == expected


@pytest.mark.parametrize(
    "html",
    [
        "<script>document.write('FUITE')</script><p>Bonjour</p>",
        "<html><head><script>var FUITE = 1;</script></head><body>Bonjour</body></html>",
        "<style>p { FUITE: red }</style><p>Bonjour</p>",
        "<p>Bonjour</p><script type='text/javascript'><!-- FUITE() //--></script>",
        "<svg><script>FUITE()</script></svg><p>Bonjour</p>",
        "<p>Bonjour</p><script>if (a < b) { FUITE() }",  # never closed
    ],
)
def test_html_to_text_drops_script_and_style(html: str) -> None:
    assert html_to_text(html) == "Bonjour"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc", "a\nb\nc"),
        ("ligne   \t\nsuite\u00a0\n", "ligne\nsuite"),
        ("\n\na\n\n\n\n\nb\n\n", "a\n\nb"),
        ("a\x00b", "a\ufffdb"),
        ("  indenté", "  indenté"),
    ],
)
def test_tidy(text: str, expected: str) -> None:
    assert tidy(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\x1b[31mrouge\x1b[0m", "\\x1b[31mrouge\\x1b[0m"),  # ESC / CSI
        ("\x1b]8;;http://evil\x1b\\lien", "\\x1b]8;;http://evil\\x1b\\lien"),  # OSC 8
        ("\x9b2J", "\\x9b2J"),  # C1 CSI
        ("\x85\x8d", "\\x85\\x8d"),  # C1 NEL and RI
        ("ding\x07", "ding\\x07"),  # BEL
        ("efface\x08\x7f", "efface\\x08\\x7f"),  # BS, DEL
        ("a\x00b", "a\\x00b"),
        ("facture\u202efdp.exe", "facture\\u202efdp.exe"),  # RLO
        ("\u2066\u2067\u2068\u2069", "\\u2066\\u2067\\u2068\\u2069"),  # isolates
        ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
        ("pay\u200bpal", "pay\\u200bpal"),  # zero-width space
        ("a\u200eb\u200fc", "a\\u200eb\\u200fc"),  # LRM, RLM
        ("ligne\u2028suite\u2029fin", "ligne\\u2028suite\\u2029fin"),  # LS, PS
        ("a\u2060b", "a\\u2060b"),  # word joiner
        ("\ufeffBonjour", "\\ufeffBonjour"),  # BOM
        ("a\u061cb", "a\\u061cb"),  # Arabic letter mark
        ("Zo\udce9", "Zo\\udce9"),  # lone surrogate
        ("a\rb", "a\nb"),  # a bare CR would overwrite the line
    ],
)
def test_for_display_escapes_what_a_terminal_would_obey(
    text: str, expected: str
) -> None:
    assert for_display(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Élodie à côté, ça coûte 20 € \u2014 « d\u2019accord » ? Œuvre, naïve, Ÿ.",
        "Très déçue 😡👎🏽 🇫🇷",
        "ligne 1\nligne 2\n\n\tcolonne",
        "日本語のテキスト",
        "\U0001f926\u200d\u2642\ufe0f",  # man facepalming: an emoji ZWJ sequence
        "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # family
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with a ZWNJ
        "\u0915\u094d\u200d\u0937",  # Devanagari, with a ZWJ
    ],
)
def test_for_display_leaves_text_alone(text: str) -> None:
    assert for_display(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Re: colis\n  perdu\r\n\r\n encore", "Re: colis perdu encore"),
        ("a\tb", "a b"),
        ("  \n titre \n ", "titre"),
        ("\x1b[2J\nsuite", "\\x1b[2J suite"),
    ],
)
def test_for_display_single_line(text: str, expected: str) -> None:
    assert for_display(text, single_line=True) == expected


@pytest.mark.parametrize("text", [None, ""])
def test_for_display_of_nothing(text: str | None) -> None:
    assert for_display(text) == ""


def test_for_display_output_is_always_inert() -> None:
    rng = random.Random(0)
    alphabet = [chr(code) for code in range(0x2100)] + [
        chr(code) for code in (0xD800, 0xDCFF, 0xFEFF, 0x1F621)
    ]
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(60)))
        shown = for_display(text)
        assert not UNSAFE.search(shown)
        assert "\r" not in shown
        assert "\n" not in for_display(text, single_line=True)
