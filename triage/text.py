"""Text from mail bytes, and text made safe for a terminal.

Two jobs that every other module leans on: turning bytes whose declared charset may be
missing or wrong into `str` without ever failing, and turning untrusted text (subjects,
names, bodies) into something a terminal shows literally: no escape sequence, control
character or bidi override survives `for_display`.
"""

import base64
import binascii
import codecs
import quopri
import re
from functools import cache

# Windows-1252 is what "iso-8859-1" and "us-ascii" senders usually mean (WHATWG maps
# them so too); decoding as cp1252 keeps €, curly quotes and dashes readable.
_LATIN1_FAMILY = frozenset({"iso8859-1", "ascii", "cp1252", "iso8859-15"})
_C1_BYTES = re.compile(rb"[\x80-\x9f]")
# Charsets in which 7-bit bytes are ASCII text, so 7-bit data needs no decoding. Not
# ISO-2022-JP, UTF-7 or HZ: their text is 7-bit escape or shift sequences. A charset
# missing here costs one decode, not a wrong result.
_ASCII_COMPATIBLE = frozenset(
    {"ascii", "utf-8", "koi8-r", "koi8-u", "shift_jis", "cp932", "euc_jp", "gb2312"}
    | {"gbk", "gb18030", "big5", "euc_kr", "cp949", "mac-roman", "tis-620"}
)
_ASCII_COMPATIBLE_PREFIXES = ("iso8859-", "cp125")


def _codec_name(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Decode with the declared charset, then UTF-8, then cp1252, then latin-1.

    A declared latin-1/ASCII charset is not trusted blindly: valid non-ASCII UTF-8 is
    far more likely UTF-8 than mojibake, and C1 bytes mean the sender used cp1252.
    7-bit bytes are ASCII text unless the charset is a 7-bit encoding (ISO-2022-JP,
    UTF-7), whose escape sequences are text only once decoded.
    """
    codec = _codec_name(charset)
    if data.isascii() and _is_ascii_text(data, codec):
        return data.decode("ascii")
    if codec in _LATIN1_FAMILY:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        if codec == "iso8859-15" and not _C1_BYTES.search(data):
            return data.decode(codec)
        return _decode_cp1252(data)
    if codec == "utf-8":
        return _decode_declared_utf8(data)
    if codec is not None:
        try:
            return data.decode(codec)
        except (UnicodeError, LookupError):  # "undefined" raises plain UnicodeError
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_cp1252(data)


def _is_ascii_text(data: bytes, codec: str | None) -> bool:
    """Whether 7-bit `data` reads as ASCII under `codec` (unknown or none: it does)."""
    if codec is None or codec in _ASCII_COMPATIBLE:
        return True
    if codec.startswith(_ASCII_COMPATIBLE_PREFIXES):
        return True
    # UTF-16/32 text of ASCII characters is full of NUL bytes; without any, the label
    # is wrong and the bytes are plain ASCII.
    return codec.startswith(("utf-16", "utf-32")) and b"\x00" not in data


def _decode_declared_utf8(data: bytes) -> str:
    """UTF-8 as declared, unless the bytes are plainly latin-1 (then cp1252).

    A few broken sequences in otherwise valid UTF-8 are damage, not another charset: an
    encoded word cut in the middle of a character leaves a lone lead byte, and reading
    the whole text as cp1252 would turn every other accent into mojibake.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _is_truncated_utf8(data, exc):
            return data.decode("utf-8", "replace")
    text = data.decode("utf-8", "replace")
    broken = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    valid = non_ascii - broken
    if broken <= 2 and valid >= 2 * broken:
        return text
    return _decode_cp1252(data)


def _is_truncated_utf8(data: bytes, exc: UnicodeDecodeError) -> bool:
    # The first error is an unfinished sequence at the very end: everything before it
    # is valid UTF-8. A lone lead byte there is ambiguous ("caf\xe9" is latin-1 café);
    # it is taken for a cut character only if the text has other UTF-8, or the byte is
    # 0xC2/0xC3, which start Latin-1 letters in UTF-8 but read as Â/Ã in latin-1.
    if exc.reason != "unexpected end of data":
        return False
    tail = data[exc.start :]
    return (
        len(tail) > 1 or not data[: exc.start].isascii() or tail in (b"\xc2", b"\xc3")
    )


def _decode_cp1252(data: bytes) -> str:
    # cp1252 leaves five bytes undefined; latin-1 maps them to C1 controls, which
    # for_display later shows inert.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_ESCAPED_BYTE = re.compile("[\udc80-\udcff]")


def recover_header(value: str) -> str:
    """Undo the surrogateescape the stdlib parser applies to raw 8-bit header bytes."""
    if value.isascii() or not _ESCAPED_BYTE.search(value):
        return value
    return decode_bytes(value.encode("utf-8", "surrogateescape"))


# An encoded word, read tolerantly: any charset token, B or Q, text up to the next
# "?=" (spaces inside are a common breakage) or, when the closing "?=" is missing, to
# the end of the value.
_ENCODED_WORD = re.compile(
    r"=\?(?P<charset>[^?\s]+)\?(?P<enc>[bBqQ])\?(?P<text>.*?)(?:\?=|\Z)", re.DOTALL
)
_WORD_RUN = re.compile(r"(?:=\?[^?\s]+\?[bBqQ]\?.*?(?:\?=|\Z))+", re.DOTALL)
_BETWEEN_WORDS = re.compile(r"\?=\s+=\?")


def decode_header(value: str | None) -> str:
    """Decode RFC 2047 words (also broken ones) and 8-bit bytes; unfold lines."""
    if not value:
        return ""
    value = recover_header(str(value))
    if "=?" in value:
        # Whitespace between adjacent encoded words is not text (RFC 2047, 6.2).
        value = _BETWEEN_WORDS.sub("?==?", value)
        value = _WORD_RUN.sub(_decode_words, value)
    value = re.sub(r"\r?\n[ \t]*", " ", value)
    return value.replace("\x00", "\ufffd").strip()


def _decode_words(run: re.Match[str]) -> str:
    # Adjacent words in one charset are decoded as one byte string: some senders split
    # a multibyte character across two words.
    decoded: list[str] = []
    pending = b""
    pending_charset: str | None = None
    for word in _ENCODED_WORD.finditer(run.group(0)):
        charset = word["charset"].split("*", 1)[0].lower()  # RFC 2231 language suffix
        data = _word_bytes(word)
        if pending and (data is None or charset != pending_charset):
            decoded.append(decode_bytes(pending, pending_charset))
            pending = b""
        if data is None:
            decoded.append(word.group(0))
            continue
        pending += data
        pending_charset = charset
    if pending:
        decoded.append(decode_bytes(pending, pending_charset))
    return "".join(decoded)


def _word_bytes(word: re.Match[str]) -> bytes | None:
    text = word["text"]
    try:
        if word["enc"] in "bB":
            text = re.sub(r"[^A-Za-z0-9+/]", "", text)
            return base64.b64decode(text + "=" * (-len(text) % 4))
        return quopri.decodestring(text.replace("_", " ").encode("latin-1"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return None


@cache
def _html_converter():  # type: ignore[no-untyped-def]
    # Imported on first use: inscriptis and lxml cost 20 ms to load, which commands
    # that never read HTML (a cron sync with nothing new) should not pay.
    from functools import partial

    from inscriptis import get_text
    from inscriptis.model.config import ParserConfig

    return partial(
        get_text, config=ParserConfig(display_links=False, display_images=False)
    )


def html_to_text(html: str) -> str:
    """Readable plain text of an HTML body, keeping paragraphs, lists and tables."""
    if not html.strip():
        return ""
    try:
        text = _html_converter()(html)
    except (ValueError, TypeError, RecursionError):
        # lxml rejects some malformed documents outright; tags stripped is still text.
        text = re.sub(r"<[^>]*>", " ", html)
    return tidy(text)


_BLANK_RUNS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """Normalise line endings and blank runs; strip trailing spaces and NUL bytes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")
    # Line by line: a `[ \t]+$` regex is quadratic on a long run of spaces.
    text = "\n".join(line.rstrip(" \t\u00a0") for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


# C0 controls except tab and newline, DEL, C1 controls; line and paragraph separators
# (U+2028/2029), which some terminals take for a newline; bidi marks, embeddings,
# overrides and isolates ("Trojan Source"); zero-width space, invisible-format
# (U+2060-206F) and BOM characters that hide text; lone surrogates, which no terminal or
# encoder accepts. ZWNJ and ZWJ (U+200C/200D) stay: emoji sequences (a gendered or
# family emoji), Persian and Indic scripts need them, and they cannot reorder text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u2028\u2029"
    "\u202a-\u202e\u2060-\u206f\ud800-\udfff\ufeff]"
)


def _visible(match: re.Match[str]) -> str:
    ch = match.group(0)
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_display(text: str | None, *, single_line: bool = False) -> str:
    """Untrusted text made inert: control, escape and bidi characters shown as escapes.

    The result is still to be printed with markup off; this only guarantees that no byte
    reaches the terminal as a command.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if single_line:
        # Split rather than a regex: `[ \t]*\n` is quadratic on a long run of spaces.
        lines = (line.strip(" \t") for line in text.split("\n"))
        text = " ".join(line for line in lines if line).replace("\t", " ")
    return _UNSAFE.sub(_visible, text)
