"""The word lists of the built-in rules, from data files, matched accent-blind.

The lists live in `lexicon/fr.toml` and `lexicon/en.toml` so that they can be read
and extended without touching code; French and English lists are merged, since a
French customer writes "ok" and "bug" too. Text is folded (lower case, no accents,
typographic apostrophes straightened) before matching, and a phrase matches whole
words only: "nul" does not match "annuler".
"""

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("fr", "en")


def fold(text: str) -> str:
    """Lower case, without accents, with straight apostrophes and single spaces.

    Every phrase of the lexicons is ASCII once folded, so whatever is not ASCII
    after decomposition (emoji, other scripts) can go: that keeps it in C.
    """
    text = unicodedata.normalize("NFKD", text.lower().replace("\u2019", "'"))
    return " ".join(text.encode("ascii", "ignore").decode("ascii").split())


class Phrases:
    """A list of phrases, matched as whole words in folded text."""

    def __init__(self, phrases: list[str]) -> None:
        self.phrases = sorted({fold(p) for p in phrases if p.strip()}, key=len)[::-1]
        alternatives = "|".join(re.escape(p) for p in self.phrases) or r"(?!x)x"
        self._pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?![\w'])")

    def find(self, folded: str) -> str | None:
        """The first phrase found in already folded text."""
        match = self._pattern.search(folded)
        return match.group(0) if match else None

    def starts(self, folded: str) -> str | None:
        match = self._pattern.match(folded)
        return match.group(0) if match else None


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """An object that needs a question back unless a qualifier says which."""

    name: str
    words: Phrases
    qualifiers: Phrases
    missing: str


@dataclass(frozen=True, slots=True)
class Lexicon:
    greetings: Phrases
    politeness: Phrases
    thanks: Phrases
    out_of_office: Phrases
    auto_reply_subjects: Phrases
    impatience: Phrases
    anger: Phrases
    threats: Phrases
    insults: Phrases
    ambiguities: tuple[Ambiguity, ...]
    problem: Phrases
    problem_objects: Phrases
    problem_missing: str


LIST_NAMES = (
    "greetings",
    "politeness",
    "thanks",
    "out_of_office",
    "auto_reply_subjects",
    "impatience",
    "anger",
    "threats",
    "insults",
)


@cache
def _data() -> dict[str, dict[str, object]]:
    folder = resources.files("triage.rules") / "lexicon"
    return {
        lang: tomllib.loads((folder / f"{lang}.toml").read_text(encoding="utf-8"))
        for lang in LANGUAGES
    }


def load_lexicon(extra: dict[str, list[str]] | None = None) -> Lexicon:
    """Both languages' lists merged, plus the config's additions (`extra`)."""
    extra = extra or {}
    data = _data()

    def words(name: str) -> list[str]:
        found: list[str] = []
        for lang in LANGUAGES:
            found += list(data[lang].get(name, []))  # type: ignore[call-overload]
        return found + list(extra.get(name, []))

    ambiguities: dict[str, tuple[list[str], list[str], str]] = {}
    for lang in LANGUAGES:
        for name, table in data[lang].get("ambiguous", {}).items():  # type: ignore[union-attr]
            found, qualifiers, _ = ambiguities.get(name, ([], [], ""))
            ambiguities[name] = (
                found + table["words"],
                qualifiers + table["qualifiers"],
                table["missing"],
            )
    problem_phrases: list[str] = []
    problem_objects: list[str] = []
    problem_missing = ""
    for lang in LANGUAGES:
        problem = data[lang]["problem"]
        assert isinstance(problem, dict)
        problem_phrases += problem["phrases"]
        problem_objects += problem["objects"]
        problem_missing = problem["missing"]
    return Lexicon(
        **{name: Phrases(words(name)) for name in LIST_NAMES},
        ambiguities=tuple(
            Ambiguity(name, Phrases(w), Phrases(q), missing)
            for name, (w, q, missing) in ambiguities.items()
        ),
        problem=Phrases(problem_phrases),
        problem_objects=Phrases(problem_objects),
        problem_missing=problem_missing,
    )
