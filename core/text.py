"""The one cleaner for text people type that the bot stores and shows to others.

Right-to-left overrides make "HTX ‮gpj.exe‬" read "HTX exe.jpg" in officers' lists and exports,
zero-width characters make two equal names differ, and control characters (lone surrogates
included, which SQLite cannot encode) have no place in a name or a note. So every stored user
text loses Unicode's control, format and surrogate characters (categories Cc, Cf and Cs: bidi
embeddings, overrides, isolates and marks, zero-width spaces and joiners, the byte order mark)
except the line breaks a note may hold, and is NFC-normalised so that one Vietnamese word has
one spelling whatever keyboard typed it.
"""

from __future__ import annotations

import re
import unicodedata

_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85]")
_KEPT = frozenset({"\n", "\t"})


def clean(text: str) -> str:
    """`text` without invisible control and format characters, NFC; line breaks kept as \\n."""
    text = _LINE_BREAKS.sub("\n", text)
    visible = "".join(ch for ch in text
                      if ch in _KEPT or unicodedata.category(ch) not in _REMOVED_CATEGORIES)
    return unicodedata.normalize("NFC", visible.replace("\t", " "))


def one_line(text: str) -> str:
    """`text` cleaned, on one line: runs of white space become one space, none at the ends."""
    return " ".join(clean(text).split())


def has_word(text: str) -> bool:
    """Whether `text` holds a letter or a digit: not only emoji, signs or spaces."""
    return any(character.isalnum() for character in text)
