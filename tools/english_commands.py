"""Fill the English catalogue's messages that name a Vietnamese command with its English alias.

English msgids name the primary, Vietnamese commands (`/danhgia`); an English reader should be
told the English alias (`/assess`), which does the same. Run after `make update-catalogues`:
`python tools/english_commands.py`; tests/unit/test_i18n.py checks that none is missed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.commands import COMMANDS  # noqa: E402

EN_CATALOGUE = ROOT / "locales" / "en" / "LC_MESSAGES" / "messages.po"
ALIASES = {command.name: command.alias for command in COMMANDS if command.alias}
_NAMES = "|".join(sorted(ALIASES, key=len, reverse=True))
VIETNAMESE_COMMAND = re.compile(rf"/({_NAMES})\b")


def in_english(text: str) -> str:
    """`text` with each Vietnamese command replaced by its English alias."""
    return VIETNAMESE_COMMAND.sub(lambda m: "/" + ALIASES[m.group(1)], text)


def fill(path: Path = EN_CATALOGUE) -> int:
    """Give every message naming a Vietnamese command its English wording; count them."""
    with path.open("rb") as f:
        catalogue = read_po(f, locale="en")
    filled = 0
    for message in catalogue:
        ids = [str(i) for i in message.id] if isinstance(message.id, (tuple, list)) else [
            str(message.id)]
        if message.id and any(VIETNAMESE_COMMAND.search(i) for i in ids):
            english = [in_english(i) for i in ids]
            message.string = tuple(english) if len(english) > 1 else english[0]
            filled += 1
    with path.open("wb") as f:
        write_po(f, catalogue, width=76, omit_header=False)
    return filled


if __name__ == "__main__":
    print(f"{fill()} English messages name the English command")
