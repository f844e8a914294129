"""How text is compared: case-folded, without accents, as words.

Pure and standard library only. Company names (``watcher.matching``), phrases
(``watcher.classify``) and named dates (``watcher.named_dates``) are all compared this way, so
"Société Générale" is "SOCIETE-GENERALE" and "réponse automatique" is "Reponse automatique".
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Given text, return it case-folded, with compatibility forms decomposed and accents
    dropped: "Ré" -> "re", "Straße" -> "strasse", "ﬁ" -> "fi"."""
    if text.isascii():
        return text.lower()  # nothing to decompose or drop; casefold is lower for ASCII
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def split_words(text: str) -> list[str]:
    """Given text (usually :func:`fold`-ed first), return its words in order: the runs of
    letters and digits. Anything else separates words, underscores and apostrophes too
    ("take-home" -> take, home; "d'emploi" -> d, emploi; "umbrella_labs" -> umbrella, labs)."""
    return _WORD.findall(text)
