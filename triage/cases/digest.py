"""What a whole case asks: its digest, gathered from every message of it.

A customer who writes 17 times about one parcel asks one or two things, and the agent
answers them in one reply. The digest, shown at the top of a case (`triage show`, the
TUI, the case JSON), lists what that reply must cover: the numbers given anywhere in
the case (one `Mention` per number, however often and however shortened it was
repeated), the kinds of code named, the distinct questions and complaints in the
order first asked (`Question`, with how many messages asked it), what the `vague`
rule says is still missing (unless a later message gave it: an order number after
"ma commande"), and the files sent.

Why it is shaped so:

- Pure: messages in, records out; no store, no config, no rendering, so that every
  view shows the same digest. Untrusted text stays as written: display code
  sanitises it. Messages come in any order and are read by (date, ID).
- Automatic mail (auto-replies, bounces, newsletters) is left out whole, files too:
  an out-of-office that quotes the order number is noise, not the customer's word.
- A question is a sentence of a message's new text that asks (it has a "?", or opens
  with a question word: "comment", "où est", "est-ce que", "how", "can you") or
  complains or requests (a cue anywhere in it: "pas reçu", "toujours pas", "ne
  fonctionne pas", "remboursement", "je voudrais", "doesn't work", "refund"). The
  cues are the lexicon's problem and impatience lists and the problems of its vague
  objects ("perdu", "expiré"), plus the lists below; anger and threats are the
  tone's business, not questions. Greetings are cut off the start of a line; thanks,
  sign-offs, signature blocks and phone signatures ("Envoyé de mon iPhone") never
  are questions.
- Nothing the customer wrote is silently dropped: a message with text but no such
  sentence gives its first sentence that is not courtesy, so a terse "Perdu mon
  code" or "et mon colis" is a question, and so is "Voici la facture." (the agent
  would rather see it than miss it). A thank-you alone gives none.
- A sentence that points back at the one before ("Pourriez-vous me le renvoyer ?",
  "Could you resend it?") is one question with it. A nudge with nothing of its own
  ("Toujours rien ???", "Lundi matin et toujours RIEN !!!") re-asks the case's
  latest question: it adds to that question's `times`.
- Repeats are one question, with the first wording and date, and a message counts
  once. Sentences are compared by their content words: folded, without fillers
  (pronouns, "toujours", "svp", question words, negations, "donner", days), endings
  cut ("remboursé", "remboursement"), the parcel being the order. rapidfuzz's
  `token_set_ratio` decides, at `SAME_QUESTION` (85) or more, so that "mon numéro
  de suivi???" repeats "pouvez-vous me renvoyer le numéro de suivi ?"; a one-word
  key ("commande") is compared with keys of two words at most, or it would repeat
  every sentence that names the order. 85 keeps "code promo" and "code
  d'activation" apart (82). Two guards, since subsets score 100: sentences that
  differ in what goes wrong or what is wanted ("ne fonctionne pas", "annuler",
  "rembourser") are two, and so are sentences that name different numbers of one
  kind ("où est la commande 104233 ?", "... 104877 ?").
- Bounded, for a 200-message case: a message is read up to `READ_CHARS` characters
  and `MAX_SENTENCES` sentences, and a sentence is compared, in C
  (`process.extract`), with at most `_TRACKED` distinct questions; past those, new
  ones are only counted. At most `MAX_QUESTIONS` are listed, the most asked (ties:
  the first asked), in the order first asked; `more_questions` says how many
  distinct ones were left out, so that the agent knows to read the messages.
- `first_asked` is the stored UTC timestamp, as every date in the store: display
  code turns it into a local date.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz import fuzz, process

from triage.cases.identifiers import Identifier, Kind, tails
from triage.cases.missing import (
    READ_CHARS,
    Missing,
    accent_blind,
    code_kinds,
    customers_own,
    in_reading_order,
    numbers,
)
from triage.records import Message
from triage.reply import sender_words
from triage.reply_markers import mobile_signature, signature_line
from triage.rules.lexicon import PROBLEM, Found, Lexicon, builtin_lexicon, fold, tokens

MAX_SENTENCES = 12  # per message; a pasted log must not cost more
MAX_QUESTIONS = 10
QUESTION_MAX_CHARS = 200
SAME_QUESTION = 85  # rapidfuzz score (0-100) from which two sentences are one question
_TRACKED = 50  # distinct questions a sentence is compared with (fuzzily)
_CANDIDATES = 8  # the most alike looked at: the first that `_compatible` allows

# Sentences that ask: their opening words (a sentence with "?" asks anyway).
_ASK_OPENINGS = (
    "comment", "pourquoi", "quand", "combien", "quel", "quelle", "quels", "quelles",
    "ou est", "ou sont", "ou en est", "ou en sont", "ou se trouve", "ou puis-je",
    "est-ce que", "est ce que", "qu'en est-il", "puis-je", "avez-vous", "avez vous",
    "auriez-vous", "serait-il possible", "est-il possible", "y a-t-il",
    "how", "why", "when", "where", "what", "which", "who", "can i", "could i",
    "do you", "did you", "have you", "is it", "is there", "are you", "will i",
    "any update", "any news",
)  # fmt: skip
# Requests, anywhere in a sentence.
_REQUESTS = (
    "je voudrais", "je souhaiterais", "je souhaite", "j'aimerais", "je veux",
    "je demande", "je vous demande", "j'exige", "j'ai besoin", "besoin de",
    "besoin du", "veuillez", "svp", "s'il vous plait", "stp",
    "pouvez-vous", "pouvez vous", "pourriez-vous", "pourriez vous",
    "merci de bien vouloir", "merci de me", "merci de m'",
    "please", "i would like", "i'd like", "i want", "i need", "i demand", "kindly",
    "can you", "could you", "would you", "will you",
)  # fmt: skip
# Complaints, anywhere in a sentence, beside the lexicon's problem and impatience
# lists. Not "retour"/"return": "merci pour votre retour" is thanks.
_COMPLAINTS = (
    "pas recu", "jamais recu", "rien recu", "pas arrive", "jamais arrive",
    "toujours pas", "perdu", "perdue", "egare", "bloque", "bloquee", "impossible",
    "rembourse", "remboursee", "rembourser", "remboursez", "remboursement",
    "annuler", "annulation", "casse", "cassee", "abime", "abimee", "endommage",
    "endommagee", "manquant", "manquante", "erreur", "errone", "pas le bon",
    "retourner", "renvoyer", "echanger", "introuvable", "refuse", "refusee",
    "debite", "debitee", "preleve", "deux fois", "en retard", "ne marche pas",
    "haven't received", "have not received", "not received", "never received",
    "didn't receive", "did not receive", "hasn't arrived", "has not arrived",
    "never arrived", "not arrived", "lost", "missing", "blocked", "locked",
    "refund", "reimburse", "cancel", "damaged", "wrong", "error", "charged twice",
    "late", "delayed", "can't", "cannot", "unable",
)  # fmt: skip
# Sentences that open with one of these, without a "?" or a cue, are courtesy.
_CLOSINGS = (
    "merci d'avance", "merci par avance", "en vous remerciant", "dans l'attente",
    "en attendant", "bien a vous", "bonne journee", "bonne soiree", "cordialement",
    "salutations", "je vous remercie", "je reste a votre disposition",
    "in advance", "looking forward", "i look forward", "hope to hear", "regards",
    "best wishes", "cheers", "have a nice day",
)  # fmt: skip
# Words that say nothing of what is asked: left out when comparing sentences. A
# sentence of nothing else is a nudge ("Lundi matin et toujours rien !!!",
# "Personne ne répond le week-end ???").
_FILLER_WORDS = """
    je j tu il elle on nous vous ils elles me m te t se s moi toi mon ma mes ton ta tes
    votre vos notre nos son sa ses leur leurs le la les l un une des de du d au aux a
    et ou mais donc car ne n que qu qui quoi est sont ai as avez avons ont suis etes
    ce c ca cela ceci cet cette ces y en pour par sur dans avec chez toujours encore
    deja svp stp merci bonjour bonsoir madame monsieur plait vraiment tres bien
    reponse reponses nouvelles nouvelle rien relance relancer relancee fois depuis
    jour jours semaine semaines comment pourquoi quand combien quel quelle quels
    quelles pouvez pourriez pouvoir puis peux veuillez ok alors oui hello
    i my mine you your yours we our us he she it its they them their the an and or
    but so of to in at for from with by about is are was were be been am do does did
    have has had haven hasn didn doesn don ve ll re can could would will please still
    again yet any some this that these those there here what where when why how
    which who hi dear thanks thank just really very update news answer reply response
    anyone nothing
    pas jamais aucun aucune plus not never no none cannot t
    donner envoyer communiquer transmettre fournir avoir obtenir recevoir recu recue
    veux voudrais souhaite souhaiterais attends attend attendre
    give send get got receive received want need like wait waiting
    etre ete serai sera serait fait faire
    demande demandes demander juste simplement seulement besoin renvoyer renvoyez
    donnez envoyez vrai vraie valable tout toute tous repondre repond repondez
    just only simply resend real valid respond comptez comme
    lundi mardi mercredi jeudi vendredi samedi dimanche matin soir hier aujourd hui
    demain mois ans heure heures week end weekend today yesterday tomorrow week weeks
    month morning evening day days service client clients personne nobody customer
    """
_FILLERS = frozenset(_FILLER_WORDS.split())
# Words that say the same (in a case about one matter, the parcel is the order), and
# word endings cut off, longest first, before comparing.
_SAME_WORD = {
    "marche": "fonctionne",
    "marcher": "fonctionner",
    "working": "work",
    "colis": "commande",
    "parcel": "order",
    "package": "order",
    "debloquer": "bloquer",
    "debloquee": "bloquee",
    "debloque": "bloque",
    "deblocage": "bloque",
    "blocage": "bloque",
}
_ENDINGS = (
    "ements", "ement", "ees", "ee", "es", "er", "ez", "e", "s", "x", "ed", "ing",
)  # fmt: skip
_STEM_MIN_CHARS = 4
# What goes wrong and what is wanted: sentences that differ in these are two
# questions ("le numéro ne fonctionne pas", "renvoyez le numéro"; "où est ma
# commande", "annulez ma commande"). Not "erreur" nor "supprimer": "je l'ai
# supprimé par erreur" wants neither.
_INTENT_WORDS = (
    "fonctionne", "bloque", "casse", "abime", "endommage", "perdu", "egare",
    "refuse", "invalide", "inconnu", "expire", "manque", "manquant",
    "annuler", "annulation", "rembourser", "remboursement", "echanger", "echange",
    "retourner", "livrer", "modifier", "changer", "activer", "reactiver", "rappeler",
    "work", "broken", "blocked", "locked", "damaged", "lost", "refused", "declined",
    "invalid", "unknown", "expired", "missing", "wrong", "cancel", "refund",
    "exchange", "return", "deliver", "change", "activate", "reactivate", "call",
)  # fmt: skip
# Keys of one word are compared with keys of up to this many words only: "où est
# mon colis" is not every long sentence that names the parcel.
_SHORT_KEY_WORDS = 2
_NUMBER_MIN_CHARS = 5
# Words that point back at the sentence before ("Pouvez-vous me le renvoyer ?").
_ANAPHORA = frozenset(
    {"le", "la", "les", "l", "lui", "en", "ca", "cela", "it", "them", "this", "that"}
)
# Openings that do not change what a sentence does ("Et où est mon colis ?").
_LEADING = frozenset({"et", "mais", "alors", "donc", "bref", "and", "but", "so", "ok"})
# "Merci de me rembourser" requests; "merci de me répondre" only asks for the reply.
_THANKS_REQUEST_NOT = re.compile(
    r"\bmerci de (?:bien vouloir |me |m')"
    r"(?:repondre|recontacter|revenir|tenir|faire un retour|donner des nouvelles)"
)
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
_ENDS_SENTENCE = (".", "!", "?", "…")
_BULLET = ("-", "*", "•", "\u2013")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Mention:
    """A number the customer gave, and every message that gives it."""

    kind: Kind  # "order", "tracking", "card", "voucher"
    value: str  # as first written (in a subject or a text), maybe shortened
    message_ids: tuple[int, ...]  # every message (triage ID) that mentions it, by date


@dataclass(frozen=True, slots=True)
class Question:
    """One distinct question or complaint, as the customer first wrote it."""

    text: str  # one line, whitespace collapsed, at most ~200 characters
    first_asked: str | None  # the stored date (UTC ISO 8601) of the first message
    message_id: int  # that message
    times: int  # how many messages asked it (1 = once)


@dataclass(frozen=True, slots=True)
class AttachmentRef:
    """A file the customer sent, and the message that carries it."""

    message_id: int
    filename: str
    content_type: str
    size: int


@dataclass(frozen=True, slots=True)
class Digest:
    """What a whole case asks (see the module docstring)."""

    identifiers: tuple[Mention, ...]
    code_kinds: tuple[str, ...]  # "code promo", "activation code": which code it is
    questions: tuple[Question, ...]  # in the order first asked
    missing: tuple[str, ...]  # what to ask back, from the `vague` labels, in order
    attachments: tuple[AttachmentRef, ...]  # not inline ones (logos in signatures)
    more_questions: int = 0  # distinct questions left out of `questions`


def digest(messages: Sequence[Message]) -> Digest:
    """The digest of a case whose messages are `messages`, in any order."""
    mentions = _Mentions()
    questions = _Questions()
    kinds: dict[str, str] = {}
    missing = Missing()
    attachments: list[AttachmentRef] = []
    for m in in_reading_order(messages):
        if not customers_own(m):
            continue
        text = m.new_text
        found = numbers(m)
        mentions.add(m.id, found)
        for kind in code_kinds(f"{m.subject}\n{text[:READ_CHARS]}"):
            kinds.setdefault(fold(kind), kind)
        sender = sender_words(m.from_name, m.from_addr)
        questions.add(m, _asked(text, sender, found))
        missing.read(m, found)
        attachments.extend(
            AttachmentRef(m.id, a.filename, a.content_type, a.size)
            for a in m.attachments
            if not a.inline
        )
    listed, more = questions.result()
    return Digest(
        identifiers=mentions.result(),
        code_kinds=tuple(kinds.values()),
        questions=listed,
        missing=missing.result(),
        attachments=tuple(attachments),
        more_questions=more,
    )


class _Mentions:
    """Numbers gathered by value and by shortened tail (`Identifier.same_as`)."""

    def __init__(self) -> None:
        self._found: list[tuple[Identifier, list[int]]] = []
        # (kind, value) and (kind, tail of a value) -> index in _found: a lookup, not
        # a comparison with every number already seen.
        self._values: dict[tuple[str, str], int] = {}
        self._tails: dict[tuple[str, str], int] = {}

    def add(self, message_id: int, found: Iterable[Identifier]) -> None:
        for identifier in found:
            index = self._index(identifier)
            if index is None:
                index = len(self._found)
                self._found.append((identifier, []))
            ids = self._found[index][1]
            if not ids or ids[-1] != message_id:
                ids.append(message_id)
            kind, value = identifier.kind, identifier.value
            self._values.setdefault((kind, value), index)
            for tail in tails(value):
                self._tails.setdefault((kind, tail), index)

    def _index(self, identifier: Identifier) -> int | None:
        kind, value = identifier.kind, identifier.value
        found = self._values.get((kind, value))
        if found is None:
            found = self._tails.get((kind, value))  # a shortened form of one seen
        for tail in tails(value):  # the full form of one seen shortened
            if found is not None:
                break
            found = self._values.get((kind, tail))
        return found

    def result(self) -> tuple[Mention, ...]:
        return tuple(
            Mention(identifier.kind, identifier.text, tuple(ids))
            for identifier, ids in self._found
        )


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence of a message, and what it is compared by."""

    text: str
    asks: bool  # False: the first sentence of a message that asks nothing
    key: str  # its content words; "" for a nudge ("Toujours rien ???")
    # (kind, value) of its numbers, kind "" when unknown: order 104233 is not 104234
    numbers: frozenset[tuple[str, str]]
    intents: frozenset[str]  # "ne fonctionne pas" is not "renvoyez-le"


@dataclass(slots=True)
class _Asked:
    """A distinct question while the case is read."""

    text: str
    date: str | None
    message_id: int
    order: int
    numbers: frozenset[tuple[str, str]]
    intents: frozenset[str]
    times: int = 1
    last_message: int = 0  # the message that last asked it: a message counts once


class _Questions:
    """Distinct questions, each counted once per message that asks it."""

    def __init__(self) -> None:
        self._asked: list[_Asked] = []
        # Keys by index in _asked: of one word, of two or more, of _SHORT_KEY_WORDS
        # at most.
        self._single: dict[int, str] = {}
        self._multi: dict[int, str] = {}
        self._short: dict[int, str] = {}
        self._exact: dict[str, list[_Asked]] = {}
        self._untracked: set[tuple[str, frozenset[tuple[str, str]]]] = set()
        self._latest: _Asked | None = None

    def add(self, m: Message, sentences: list[_Sentence]) -> None:
        said = [s for s in sentences if s.key]
        if sentences and not said:
            if self._latest is not None:
                self._count(self._latest, m.id)  # a nudge: the latest question again
                return
            said = sentences[:1]
        for sentence in said:
            found = self._match(sentence)
            if found is not None:
                self._count(found, m.id)
            elif len(self._asked) >= _TRACKED:
                self._untracked.add((sentence.key, sentence.numbers))
                continue
            else:
                found = self._new(sentence, m)
            if sentence.asks:
                self._latest = found  # what a nudge re-asks: not a statement

    def _count(self, asked: _Asked, message_id: int) -> None:
        if asked.last_message != message_id:
            asked.times += 1
            asked.last_message = message_id

    def _new(self, sentence: _Sentence, m: Message) -> _Asked:
        index = len(self._asked)
        asked = _Asked(
            sentence.text,
            m.date,
            m.id,
            index,
            sentence.numbers,
            sentence.intents,
            last_message=m.id,
        )
        self._asked.append(asked)
        self._exact.setdefault(sentence.key, []).append(asked)
        words = sentence.key.count(" ") + 1
        (self._single if words == 1 else self._multi)[index] = sentence.key
        if words <= _SHORT_KEY_WORDS:
            self._short[index] = sentence.key
        return asked

    def _match(self, sentence: _Sentence) -> _Asked | None:
        """The question `sentence` repeats: the most alike that names no other
        number and the same intents, if alike enough."""
        key = sentence.key
        if not key:
            return None
        for asked in self._exact.get(key, ()):
            if _compatible(asked, sentence):
                return asked
        words = key.count(" ") + 1
        if words == 1:
            choices = [self._short]
        elif words <= _SHORT_KEY_WORDS:
            choices = [self._multi, self._single]
        else:
            choices = [self._multi]
        hits = [
            hit
            for keys in choices
            for hit in process.extract(
                key,
                keys,
                scorer=fuzz.token_set_ratio,
                score_cutoff=SAME_QUESTION,
                limit=_CANDIDATES,
            )
        ]
        # (key, score, index in _asked): the best score, then the first asked.
        for _, _, index in sorted(hits, key=lambda hit: (-hit[1], hit[2])):
            asked = self._asked[index]
            if _compatible(asked, sentence):
                return asked
        return None

    def result(self) -> tuple[tuple[Question, ...], int]:
        kept = sorted(self._asked, key=lambda a: (-a.times, a.order))[:MAX_QUESTIONS]
        listed = tuple(
            Question(a.text, a.date, a.message_id, a.times)
            for a in sorted(kept, key=lambda a: a.order)
        )
        return listed, len(self._asked) - len(listed) + len(self._untracked)


def _compatible(asked: _Asked, sentence: _Sentence) -> bool:
    """False when their intents differ ("le numéro ne fonctionne pas" does not
    repeat "renvoyez le numéro"), or both name numbers of a kind and none is the
    same (an order number and a tracking number may be one question)."""
    if asked.intents != sentence.intents:
        return False
    a, b = asked.numbers, sentence.numbers
    for kind in {k for k, _ in a} & {k for k, _ in b}:
        if {v for k, v in a if k == kind}.isdisjoint(v for k, v in b if k == kind):
            return False
    return True


def _asked(
    text: str, sender: frozenset[str], numbers: Sequence[Identifier] = ()
) -> list[_Sentence]:
    """The sentences of `text` that ask or complain; else its first one (see above).

    A sentence that asks but has no content words of its own is a nudge (key ""),
    unless it points back at the sentence before it ("Pourriez-vous me le renvoyer
    ?", "Could you resend it?"): then the two are one question, worded by both.
    `numbers` are the identifiers of the message: they are compared by value.
    """
    cues = _cues()
    asking: list[_Sentence] = []
    first: _Sentence | None = None
    before: _Sentence | None = None  # the sentence just before, unless courtesy
    for sentence in _sentences(text, sender)[:MAX_SENTENCES]:
        folded = fold(sentence)
        toks = tokens(folded)
        if not any(t.isalnum() for t in toks):
            continue
        found = cues.scan(folded)
        asks = "?" in sentence or _opens(found, toks, "ask") or _cued(found, folded)
        if not asks and _opens(found, toks, "courtesy"):
            before = None
            continue
        item = _sentence(sentence, asks, toks, numbers)
        if asks and not item.key and before is not None and _ANAPHORA & set(toks):
            item = replace(before, text=_one_line(before.text, sentence), asks=True)
            if asking and asking[-1] is before:
                asking.pop()
        if item.asks:
            asking.append(item)
        elif first is None:
            first = item
        before = item
    if asking:
        return asking
    return [first] if first else []


def _sentence(
    sentence: str, asks: bool, toks: list[str], numbers: Sequence[Identifier]
) -> _Sentence:
    """A sentence and what it is compared by; an identifier in it ("CMD-2026-104233")
    is one number, with its shortened forms ("104233"), not words ("cmd")."""
    values: set[tuple[str, str]] = set()
    rest = sentence
    for identifier in numbers:
        if identifier.text in rest:
            rest = rest.replace(identifier.text, " ")
            kind, value = identifier.kind, identifier.value.lower()
            values.update((kind, v) for v in (value, *tails(value)))
    words, others = _words(toks if rest is sentence else tokens(fold(rest)))
    return _Sentence(
        _one_line(sentence),
        asks,
        " ".join(words),
        frozenset(values | {("", number) for number in others}),
        frozenset(words) & _intent_stems(),
    )


def _cued(found: Found, folded: str) -> bool:
    if found.first("complaint") is not None:
        return True
    return found.first("request") is not None and not _THANKS_REQUEST_NOT.search(folded)


def _opens(found: Found, toks: list[str], key: str) -> bool:
    """True when a phrase of list `key` opens the sentence (after "et", "mais")."""
    start = 0
    while start < len(toks) and (toks[start] in _LEADING or not toks[start].isalnum()):
        start += 1
    return found.at(key, start) is not None


def _words(toks: list[str]) -> tuple[list[str], frozenset[str]]:
    """Content words of a folded sentence, stemmed, and its numbers of five
    characters or more (dates and amounts are left out)."""
    words: list[str] = []
    numbers: set[str] = set()
    for token in toks:
        if not token.isalnum() or token in _FILLERS:
            continue
        if token.isalpha():
            words.append(_stem(token))
        elif len(token) >= _NUMBER_MIN_CHARS:
            numbers.add(token)
    return words, frozenset(numbers)


def _stem(word: str) -> str:
    """`word` without its ending: "remboursé", "remboursement" are one word."""
    word = _SAME_WORD.get(word, word)
    if len(word) > _STEM_MIN_CHARS:
        for ending in _ENDINGS:
            if word.endswith(ending):
                return word[: -len(ending)]
    return word


def _one_line(sentence: str, then: str = "") -> str:
    """`sentence` on one line, cut at a word to fit, followed by `then` whole."""
    text = _SPACES.sub(" ", sentence).strip()
    after = f" {_SPACES.sub(' ', then).strip()}" if then else ""
    room = max(QUESTION_MAX_CHARS - len(after), QUESTION_MAX_CHARS // 2)
    if len(text) <= room:
        return text + after
    cut = text[: room - 1]
    space = cut.rfind(" ")
    if space > room // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "…" + after


def _sentences(text: str, sender: frozenset[str]) -> list[str]:
    """Sentences of a new text, without greetings, signatures and quoted lines.

    Lines join into sentences unless a line ends one (".", "!", "?") or the next
    opens with a capital or a bullet: phones send sentences one a line, unpunctuated.
    """
    lines = _own_lines(text[:READ_CHARS], sender)
    chunks: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                chunks.append(current)
            current = ""
        elif current and (
            current.endswith(_ENDS_SENTENCE)
            or line[0].isupper()
            or line.startswith(_BULLET)
        ):
            chunks.append(current)
            current = line
        else:
            current = f"{current} {line}" if current else line
        if len(chunks) > MAX_SENTENCES:
            break
    if current:
        chunks.append(current)
    return [s for chunk in chunks for s in _SENTENCE_END.split(chunk) if s]


def _own_lines(text: str, sender: frozenset[str]) -> list[str]:
    """The lines of `text` the customer wrote this time; "" where one was dropped.

    A greeting is cut off the opening line only: further down, "Monsieur Dupont m'a
    dit" greets nobody. A signature block (sign-off, name, contact lines) is looked
    for at the end only, where it is, and never takes the text's first line: a lone
    "Remboursement" reads like a given name.
    """
    lines: list[str] = []
    first = True  # the opening line
    greeting = False  # the line above was nothing but a greeting
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(">") or mobile_signature(line):
            lines.append("")
            continue
        if first or greeting:
            # "Bonjour,\nMadame," greets on two lines: a line under a greeting goes
            # if it is nothing but one.
            rest = _greeting().sub("", line, count=1).strip()
            if first or not rest:
                line = rest
            first, greeting = False, not rest
        lines.append(line)
    while lines and not lines[-1]:
        lines.pop()
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    while len(lines) > first + 1 and (
        not lines[-1] or signature_line(lines[-1], sender) is not None
    ):
        lines.pop()
    return lines


@cache
def _greeting() -> re.Pattern[str]:
    """A greeting that opens a line, with the name or title after it."""
    words = sorted(builtin_lexicon().phrases["greetings"], key=len, reverse=True)
    greeting = "(?i:" + "|".join(accent_blind(w) for w in words) + ")"
    name = r"(?:[A-ZÀ-Ý][\w'\u2019.-]*|(?i:or|et|and|ou|&))"
    return re.compile(
        rf"^{greeting}\b(?:\s+{greeting}\b)*"
        rf"(?:(?:\s+{name}){{0,4}}\s*[,!:;]+|\s*[,!:;]*)"
    )


@cache
def _intent_stems() -> frozenset[str]:
    return frozenset(map(_stem, _INTENT_WORDS))


@cache
def _cues() -> Lexicon:
    """The lists a sentence is read for, in one `Lexicon` (one scan a sentence)."""
    base = builtin_lexicon()
    problems = [
        phrase
        for ambiguity in base.ambiguities
        if ambiguity.when
        for phrase in base.phrases.get(ambiguity.when, ())
    ]
    lists: dict[str, Iterable[str]] = {
        "ask": [*_ASK_OPENINGS],
        "request": [*_REQUESTS],
        "complaint": [
            *_COMPLAINTS,
            *problems,
            *(
                phrase
                for key in (PROBLEM, "impatience")
                for phrase in base.phrases.get(key, ())
            ),
        ],
        "courtesy": [*_CLOSINGS, *base.phrases["thanks"], *base.phrases["greetings"]],
    }
    return Lexicon(lists, (), "")
