"""The word lists of the built-in rules, from data files, matched accent-blind.

The lists live in `lexicon/fr.toml` and `lexicon/en.toml` so that they can be read
and extended without touching code; French and English lists are merged, since a
French customer writes "ok" and "bug" too. Text is folded (lower case, no accents,
typographic apostrophes straightened) before matching, and a phrase matches whole
words only: "nul" does not match "annuler".

The rules run over every message of a mailbox, so a text is not searched once per
list: it is cut into tokens (words, and each punctuation mark on its own) once, and
one pass over them finds every phrase of every list (`Lexicon.scan`), looking up each
token in an index of the phrases whose longest word it is. A regex per list cost a
scan of the text each, about three times as long in all.
"""

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import compress
from typing import Literal

LANGUAGES = ("fr", "en")

# The lists a config can extend ([rules.lexicon]); the ambiguous objects and the
# problem phrases are tables of the data files only.
LIST_NAMES = (
    "greetings",
    "politeness",
    "thanks",
    "out_of_office",
    "auto_reply_subjects",
    "impatience",
    "anger",
    "threats",
    "threat_targets",
    "threat_verbs",
    "insults",
    "emphasis",
)
PROBLEM = "problem.phrases"
PROBLEM_OBJECTS = "problem.objects"
# Lists looked up word by word (`Lexicon.words`), never searched for in a text.
_WORD_SETS = frozenset({"emphasis"})

_TOKEN = re.compile(r"[a-z0-9]+|[^a-z0-9 ]")
_Entry = tuple[int, list[str], int, str, tuple[str, ...]]


def fold(text: str) -> str:
    """Lower case, without accents, with straight apostrophes and single spaces.

    Every phrase of the lexicons is ASCII once folded, so whatever is not ASCII
    after decomposition (emoji, other scripts) can go: that keeps it in C.
    """
    text = text.lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("\u2019", "'"))
        text = text.encode("ascii", "ignore").decode("ascii")
    return " ".join(text.split())


def tokens(folded: str) -> list[str]:
    """Words and punctuation marks of folded text: "l'app" is "l", "'", "app"."""
    return _TOKEN.findall(folded)


class Found:
    """Where the phrases of each list were found in one text, in reading order."""

    __slots__ = ("_hits", "tokens")

    def __init__(self, toks: list[str], hits: dict[str, list[tuple[int, str]]]) -> None:
        self.tokens = toks
        self._hits = hits

    def first(self, key: str) -> str | None:
        """The first phrase of list `key` in the text, the longest at its place."""
        hits = self._hits.get(key)
        return hits[0][1] if hits else None

    def at(self, key: str, index: int) -> str | None:
        """The phrase of list `key` that starts at token `index`, if one does."""
        for where, phrase in self._hits.get(key, ()):
            if where == index:
                return phrase
            if where > index:
                break
        return None

    def where(self, key: str) -> list[tuple[int, str]]:
        """Every (token index, phrase) of list `key`, one per index."""
        return self._hits.get(key, [])


# Numbers that say which object a message is about (see builtin._NUMBERS).
Number = Literal["number", "card", "code", "amount"]
NUMBER_KINDS: tuple[Number, ...] = ("number", "card", "code", "amount")


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """An object that needs a question back unless something says which.

    The fields `words`, `first_mail`, `when` and `qualifiers` name lists of the
    lexicon: the object's words; words that name it only in a first message ("la
    commande": in a reply it is the thread's); phrases without one of which the
    object is not ambiguous (a problem, for "mon compte"; empty: always); and the
    qualifiers that say which or what. `numbers` are the kinds of number that make it
    precise: "number" (five digits or more), "card" (groups of digits), "code" (a
    code in capitals, "BA-15-22HX"), "amount" ("15 €").
    """

    name: str
    words: str
    first_mail: str
    when: str
    qualifiers: str
    numbers: tuple[Number, ...]
    missing: str


class Lexicon:
    """Every list of phrases, folded, and the index that finds them in one pass."""

    def __init__(
        self,
        lists: Mapping[str, Iterable[str]],
        ambiguities: tuple[Ambiguity, ...],
        problem_missing: str,
    ) -> None:
        self.ambiguities = ambiguities
        self.problem_missing = problem_missing
        self.phrases: dict[str, tuple[str, ...]] = {}
        # Each phrase is indexed by its longest word, its anchor: short words ("la",
        # "je", "my") start many phrases and fill every text, so looking phrases up
        # where their anchor is visits few places. Anchor -> (offset of the anchor in
        # the phrase, tokens, token count, phrase, list keys).
        found: dict[tuple[str, ...], tuple[str, list[str]]] = {}
        for key, phrases in lists.items():
            # A phrase of nothing but symbols ("€") folds to nothing: no phrase.
            folded = {f for f in map(fold, phrases) if f}
            self.phrases[key] = tuple(sorted(folded, key=len, reverse=True))
            if key in _WORD_SETS:
                continue
            for phrase in folded:
                entry = found.setdefault(tuple(tokens(phrase)), (phrase, []))
                if key not in entry[1]:
                    entry[1].append(key)
        index: dict[str, list[_Entry]] = {}
        for toks, (phrase, keys) in found.items():
            offset = max(range(len(toks)), key=lambda i: len(toks[i]))
            entry = (offset, list(toks), len(toks), phrase, tuple(keys))
            index.setdefault(toks[offset], []).append(entry)
        self._index = {anchor: tuple(entries) for anchor, entries in index.items()}

    def scan(self, folded: str) -> Found:
        """Every phrase of every list in `folded` (text folded by `fold`)."""
        toks = tokens(folded)
        index = self._index
        found: dict[str, list[tuple[int, int, str]]] = {}
        # compress() and __contains__ keep the walk over every token in C.
        for i in compress(range(len(toks)), map(index.__contains__, toks)):
            for offset, phrase_toks, size, phrase, keys in index[toks[i]]:
                start = i - offset
                if size > 1 and (
                    start < 0 or toks[start : start + size] != phrase_toks
                ):
                    continue
                for key in keys:
                    found.setdefault(key, []).append((start, -size, phrase))
        hits: dict[str, list[tuple[int, str]]] = {}
        for key, places in found.items():
            places.sort()
            # One phrase a place: the longest ("ma commande en ligne").
            kept = hits[key] = [(places[0][0], places[0][2])]
            for start, _, phrase in places[1:]:
                if start != kept[-1][0]:
                    kept.append((start, phrase))
        return Found(toks, hits)

    def words(self, key: str) -> frozenset[str]:
        """The phrases of list `key`, as a set (for lists of single words)."""
        return frozenset(self.phrases.get(key, ()))


@cache
def _data() -> dict[str, dict[str, object]]:
    folder = resources.files("triage.rules") / "lexicon"
    return {
        lang: tomllib.loads((folder / f"{lang}.toml").read_text(encoding="utf-8"))
        for lang in LANGUAGES
    }


@cache
def builtin_lexicon() -> Lexicon:
    """Both languages' lists, without the config's additions: built once."""
    return load_lexicon()


def load_lexicon(extra: dict[str, list[str]] | None = None) -> Lexicon:
    """Both languages' lists merged, plus the config's additions (`extra`)."""
    extra = extra or {}
    data = _data()
    lists: dict[str, list[str]] = {}
    for name in LIST_NAMES:
        lists[name] = [
            *(p for lang in LANGUAGES for p in _strings(data[lang].get(name, []))),
            *extra.get(name, []),
        ]

    ambiguities: dict[str, Ambiguity] = {}
    for lang in LANGUAGES:
        tables = data[lang].get("ambiguous", {})
        assert isinstance(tables, dict)
        for name, table in tables.items():
            for part in ("words", "first_mail", "when", "qualifiers"):
                key = f"{name}.{part}"
                lists[key] = [*lists.get(key, []), *_strings(table.get(part, []))]
            earlier = ambiguities.get(name)
            numbers = [*_strings(table.get("numbers", []))]
            ambiguities[name] = Ambiguity(
                name=name,
                words=f"{name}.words",
                first_mail=f"{name}.first_mail",
                when=f"{name}.when" if lists[f"{name}.when"] else "",
                qualifiers=f"{name}.qualifiers",
                numbers=_numbers([*(earlier.numbers if earlier else ()), *numbers]),
                missing=table["missing"],
            )
    problem_missing = ""
    for lang in LANGUAGES:
        problem = data[lang]["problem"]
        assert isinstance(problem, dict)
        lists[PROBLEM] = [*lists.get(PROBLEM, []), *_strings(problem["phrases"])]
        lists[PROBLEM_OBJECTS] = [
            *lists.get(PROBLEM_OBJECTS, []),
            *_strings(problem["objects"]),
        ]
        problem_missing = problem["missing"]
    return Lexicon(lists, tuple(ambiguities.values()), problem_missing)


def _strings(value: object) -> list[str]:
    assert isinstance(value, list) and all(isinstance(v, str) for v in value)
    return value


def _numbers(value: object) -> tuple[Number, ...]:
    kinds = _strings(value)
    unknown = set(kinds) - set(NUMBER_KINDS)
    assert not unknown, f"ambiguous.*.numbers: unknown kinds {sorted(unknown)}"
    return tuple(kind for kind in NUMBER_KINDS if kind in kinds)
