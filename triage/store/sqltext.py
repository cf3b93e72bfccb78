"""User text made safe inside SQL: LIKE patterns and full-text (FTS5) queries."""


def like_pattern(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fts_query(text: str, *, literal: bool = False) -> str:
    """The user's words as an FTS5 query: each word a quoted prefix, all required.

    People type words, addresses and numbers ("CMD-2026-104233", "l'adresse"), which
    raw FTS5 syntax would reject or misread; a query written in FTS5 syntax (quotes,
    AND/OR/NOT, NEAR) is passed through unless `literal` asks for plain words.
    """
    words = text.split()
    syntax = '"' in text or any(w in ("AND", "OR", "NOT", "NEAR") for w in words)
    if syntax and not literal:
        return text
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)
