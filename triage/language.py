"""Which language a customer wrote in: "fr", "en", "other", or None.

Built on lingua (lingua-language-detector 2.x): a Rust core with no Python dependencies
and its models inside the wheel, so nothing is downloaded at run time, and the most
accurate of the candidates on the mail this mailbox gets, which is often a few words.
On 101 hand-written mails and fragments (French, English, five other languages,
accent-less French, capitals, emoji, order numbers, phone signatures) it was right on
88, against 85 for py3langid and for fastText's bundled lite model. Its price: about
2 s and 190 MB RSS to load seven models, then about 0.2 ms a short mail (py3langid:
1 s, 93 MB, 0.05-0.1 ms).

Most mail never reaches lingua: a count of French and English function words settles
clear cases for a thousandth of the cost (on 5,000 generated mails it decided 98 %,
all as lingua did), and only short, mixed or foreign text is left to the model. The
rules pass stores the result, so a message's language is detected once.

The detector is built on first use, not on import, and shared by the process. Models
are loaded by a warm-up call in the calling thread, never with lingua's preloading:
that runs on a rayon thread pool which does not survive os.fork, and a forked worker
that built a preloading detector of its own hung. Without it lingua does all its work
in the calling thread, so a forked parser worker can use its parent's detector (the
models are shared copy-on-write) or build its own.
"""

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# French and English are the mailbox's; the other five are there so that a mail in
# one of them is called "other" rather than squeezed into French or English.
_LANGUAGES = ("FR", "EN", "DE", "ES", "IT", "PT", "NL")
# Tokens with a digit (order numbers, dates, phone numbers), addresses and links say
# nothing about the language, and lingua reads "CMD-2026-104233" as a word.
_NOT_WORDS = re.compile(r"\S*\d\S*|\S+@\S+|(?:https?://|www\.)\S+", re.IGNORECASE)
# The first thousand characters decide the language of any mail we get; the cap keeps
# a pasted log or a huge body from costing more than a couple of milliseconds.
_MAX_CHARS = 1000
# Below this confidence in its best language, lingua is unsure (one or two words).
_SURE = 0.5
# An unsure text goes to the likelier of French and English when the two together
# hold at least this share of the confidence: most of this mailbox is one of them.
_FR_EN_SHARE = 0.6
_WARM_UP = "where is my parcel, I am still waiting"


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words: most mail says which of French and English it is in a handful of
# them, for a thousandth of lingua's cost. A word of this list counts for its
# language; a word typical of one of the other five sends the text to lingua, as
# does a text with fewer than two such words or no clear majority. Words shared
# with another language ("de", "la", "no", "il", "non", "a") are left out.
_FRENCH_WORDS = _word_set(
    """
    le les des du un une et est je j mon ma mes pas ne que qui pour avec sur dans
    vous votre vos nous il elle ce cette au aux bonjour merci toujours rien reçu
    commande colis ai suis été avez pouvez été depuis mais ou où très bien fait
    n d l c qu m s y en plus sans chez moi mais leur cordialement madame monsieur
    remboursement livraison jamais encore aujourd hui avoir être ça ca
    """
)
_ENGLISH_WORDS = _word_set(
    """
    the and is are i my you your to of for with on in it not have has this that
    please thanks thank hello hi order still received where was be from been can
    could would will what when why any got did do does an at by we our us they
    their there here just yet refund parcel delivery regards dear update nothing
    """
)
_OTHER_WORDS = _word_set(
    """
    el los las está mi pedido gracias todavía qué por para recibido quiero
    ich habe meine mein nicht noch ist und wo der die das bestellung paket ein eine
    ho ancora mio grazie dove ricevuto ordine pacco sono della
    ik heb mijn nog niet waar het een ontvangen bestelling pakket
    não recebi meu obrigado ainda um pedido encomenda
    """
)
_TOKEN = re.compile(r"[^\W\d_]+")


def _quick(text: str) -> str | None:
    """French or English when function words settle it, else None (ask lingua).

    Two words of one language and three times as many as of the other settle it; in
    a fragment of four words or fewer, one word and none of the other. A word typical
    of another language, unless a stray one among many, leaves it to lingua.
    """
    french = english = other = 0
    words = _TOKEN.findall(text.lower())
    for word in words:
        other += word in _OTHER_WORDS
        french += word in _FRENCH_WORDS
        english += word in _ENGLISH_WORDS
    if other and other * 4 >= max(french, english):
        return None
    least = 1 if len(words) <= 4 else 2
    if french >= least and french >= 3 * english:
        return "fr"
    if english >= least and english >= 3 * french:
        return "en"
    return None


def opening(text: str, chars: int) -> str:
    """The first `chars` characters of `text`, without a word cut in two."""
    if len(text) <= chars:
        return text
    cut = text[:chars]
    head, space, _ = cut.rpartition(" ")
    return head if space else cut


def detect_language(text: str) -> str | None:
    """The language of `text`: "fr", "en", "other", or None if it has no letters.

    Digit-bearing tokens, e-mail addresses and links are ignored first, so a mail that
    is only an order number gets None. Letters in a script none of the seven languages
    uses (Cyrillic, Greek, CJK, Arabic) give "other". When lingua's best language has
    less than 0.5 confidence, French and English together at 0.6 or more give the
    likelier of the two; otherwise the best language wins.
    """
    words = _NOT_WORDS.sub(" ", text[:_MAX_CHARS])
    if not any(char.isalpha() for char in words):
        return None
    quick = _quick(words)
    if quick:
        return quick
    # Sorted best first; all zero when no word is in a script of the seven languages.
    values = _detector().compute_language_confidence_values(words)
    confidence = {value.language.iso_code_639_1.name: value.value for value in values}
    best = values[0]
    if best.value == 0.0:
        return "other"
    if best.value < _SURE:
        french, english = confidence["FR"], confidence["EN"]
        if french + english >= _FR_EN_SHARE:
            return "fr" if french >= english else "en"
    return _code(best.language.iso_code_639_1.name)


def _code(iso_code: str) -> str:
    return iso_code.lower() if iso_code in ("FR", "EN") else "other"


@cache
def _detector() -> "LanguageDetector":
    """Build the detector and load its models now, in this thread (see module doc).

    Two threads racing here may both build one; that is harmless, as lingua keeps the
    models in one process-wide store.
    """
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code) for code in _LANGUAGES]
    detector = LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()
    detector.compute_language_confidence_values(_WARM_UP)
    return detector
