"""The terminal the output goes to, and text fitted to it.

:func:`terminal` decides once per command whether the output is a terminal, whether to colour
it, how wide and how high it is, and which zone the machine's clock shows; the rest is pure:
:meth:`Terminal.paint` colours a piece of text, :func:`wrap` breaks text at word boundaries
and :func:`table` fits columns to a width.

Colours are plain SGR escape sequences (ECMA-48, what every terminal emulator understands),
written by hand: rich would do it, but ``import rich.console`` alone takes about 76 ms, more
than half of the 120 ms that `watcher track list` and `watcher plan` have to start in
(bench/cli_start.py).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

TYPE_CHECKING = False  # typing's, without importing typing at start (bench/README.md, CLI start)
if TYPE_CHECKING:
    from typing import TextIO

DEFAULT_WIDTH = 80
"""The width of text that goes to no terminal, without $COLUMNS."""

DEFAULT_HEIGHT = 24
"""The height of a terminal that does not say its own (nor $LINES)."""

NARROWEST = 20
"""Narrower than this, text is laid out as if the terminal had this width."""

STYLES: Mapping[str, str] = {
    "heading": "1",  # bold
    "late": "1;31",  # bold red: past its deadline
    "due": "33",  # yellow: due now
    "coming": "2",  # dim: not yet
    "bad": "31",  # red: rejected, ghosted
    "good": "32",  # green: an offer, a next step
    "waiting": "33",  # yellow: awaiting a reply
    "quiet": "2",  # dim: closed, cancelled, a hint
}
"""What each kind of text looks like: the SGR parameters of its style."""

_RESET = "\x1b[0m"


class Terminal:
    """Where the output goes: ``color`` says whether to colour it, ``width`` how many columns
    text may take, ``height`` how many lines a screen shows (None when the output is no
    terminal: nothing is cut to fit a screen then), ``zone`` the zone of the machine's clock
    ($TZ; None: the system's own, as :func:`time.localtime` knows it).

    A plain class, not a dataclass: making one costs a millisecond of every command's start.
    """

    __slots__ = ("color", "height", "width", "zone")

    def __init__(
        self,
        color: bool = False,
        width: int = DEFAULT_WIDTH,
        height: int | None = None,
        zone: tzinfo | None = None,
    ) -> None:
        self.color = color
        self.width = width
        self.height = height
        self.zone = zone

    def paint(self, text: str, style: str) -> str:
        """Return ``text`` in ``style`` (a key of :data:`STYLES`, or "" for none): wrapped in
        its escape sequences when colouring, else as it is."""
        if not self.color or not style or not text:
            return text
        return f"\x1b[{STYLES[style]}m{text}{_RESET}"

    def local_offset(self, moment: datetime) -> timedelta | None:
        """Return the UTC offset that the machine's clock has at ``moment``."""
        if self.zone is not None:
            return self.zone.utcoffset(moment)
        return moment.astimezone().utcoffset()


def terminal(stream: TextIO, env: Mapping[str, str], color: str = "auto") -> Terminal:
    """Given the output stream, the environment and ``--color`` (auto, always or never),
    return the terminal the output goes to.

    auto colours a terminal only, unless $NO_COLOR is set and not empty (https://no-color.org)
    or $TERM is "dumb". The width is the terminal's, else $COLUMNS, else 80; the height the
    terminal's, else $LINES, else 24; a stream that is no terminal has no height.
    """
    tty = isatty(stream)
    if color == "always":
        colored = True
    elif color == "never":
        colored = False
    else:
        colored = tty and not env.get("NO_COLOR") and env.get("TERM") != "dumb"
    columns = lines = 0
    if tty:
        with contextlib.suppress(OSError, ValueError):
            columns, lines = os.get_terminal_size(stream.fileno())
    width = columns or _positive(env.get("COLUMNS")) or DEFAULT_WIDTH
    height = (lines or _positive(env.get("LINES")) or DEFAULT_HEIGHT) if tty else None
    return Terminal(colored, max(width, NARROWEST), height, _zone(env.get("TZ", "")))


def isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (OSError, ValueError):  # a closed stream
        return False


def _positive(text: str | None) -> int:
    try:
        value = int(text or "")
    except ValueError:
        return 0
    return max(value, 0)


def _zone(name: str) -> tzinfo | None:
    """Return the zone $TZ names (":Europe/Paris" as POSIX allows), or None: a POSIX rule
    ("CET-1CEST") or nothing, which the C library's local time then knows better."""
    name = name.strip().removeprefix(":")
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
        return None


# --------------------------------------------------------------------------- text


def cells(text: str) -> int:
    """Return how many terminal columns ``text`` takes: two for a wide character (CJK), none
    for a combining mark."""
    if text.isascii():
        return len(text)
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def cut(word: str, width: int) -> list[str]:
    """Return ``word`` in pieces of at most ``width`` columns (at least one character each)."""
    pieces, piece = [], ""
    for char in word:
        if piece and cells(piece + char) > width:
            pieces.append(piece)
            piece = ""
        piece += char
    return [*pieces, piece] if piece else pieces


def wrap(
    text: str,
    width: int,
    indent: str = "",
    hanging: str | None = None,
    *,
    cut_long: bool = False,
) -> list[str]:
    """Return ``text`` as lines of at most ``width`` columns, broken between words only: the
    first line starts with ``indent``, the others with ``hanging`` (default: ``indent``).

    A word wider than a line gets a line of its own and overflows it, unless ``cut_long``:
    then, and only then, it is cut. The spaces between two words on one line stay as they
    were (a column of dates keeps its alignment); those at a break go. Text of no words is
    one line, the indent alone.
    """
    if not text.isprintable():
        text = _spaced(text)  # a tab or a line break is a space
    if cells(indent) + cells(text.rstrip(" ")) <= width:
        return [indent + text.rstrip(" ")]  # one line as it is
    hanging = indent if hanging is None else hanging
    ascii = text.isascii()
    simple = "  " not in text and not text.startswith(" ")  # one space between words
    if simple and ascii and indent.isascii() and hanging.isascii():
        words = text.rstrip(" ").split(" ")
        if max(map(len, words)) <= width - max(len(indent), len(hanging)):
            return _greedy(words, width, indent, hanging)
    return _wrap(text, width, indent, hanging, ascii=ascii, cut_long=cut_long)


def _greedy(words: list[str], width: int, indent: str, hanging: str) -> list[str]:
    """:func:`wrap` of single-spaced ASCII words that each fit a line: as many on each line as
    fit (the same lines as :func:`_wrap`, three times as fast; a plan wraps 200 reasons)."""
    lines: list[str] = []
    line: list[str] = []
    lead, used = indent, len(indent) - 1
    for word in words:
        if line and used + 1 + len(word) > width:
            lines.append(lead + " ".join(line))
            line, lead, used = [], hanging, len(hanging) - 1
        line.append(word)
        used += 1 + len(word)
    lines.append(lead + " ".join(line))
    return lines


def _wrap(
    text: str, width: int, indent: str, hanging: str, *, ascii: bool, cut_long: bool
) -> list[str]:
    """:func:`wrap` of any text (see there)."""
    lines: list[str] = []
    line, lead = indent, indent
    used, empty, gap = cells(indent), True, 0
    for word in text.split(" "):
        if not word:
            gap += 1  # a second space in a row: kept between two words on one line
            continue
        size = len(word) if ascii else cells(word)
        space = 0 if empty and lines else gap + (0 if empty else 1)
        gap = 0
        if used + space + size <= width:
            line, used, empty = line + " " * space + word, used + space + size, False
            continue
        if not empty:
            lines.append(line)
            lead = hanging
            line, used = lead, cells(lead)
        room = width - used
        pieces = cut(word, max(1, room)) if cut_long and size > room else [word]
        for piece in pieces[:-1]:
            lines.append(lead + piece)
            lead = hanging
        line = lead + pieces[-1]
        used, empty = cells(line), False
    lines.append(line)
    return lines


def _spaced(text: str) -> str:
    """Return ``text`` with each run of other white space (tabs, line breaks) as one space."""
    return _OTHER_SPACE.sub(" ", text)


_OTHER_SPACE = re.compile(r"[^\S ]+")
_WORD = re.compile(r"(\s*)(\S+)")


def table(
    rows: Sequence[Sequence[str]],
    width: int | None = None,
    *,
    flexible: Sequence[int] = (),
    styles: Sequence[Sequence[str]] | None = None,
    paint: Terminal | None = None,
) -> list[str]:
    """Return ``rows`` as lines of left-aligned columns two spaces apart, at most ``width``
    columns wide where that can be done without cutting a word.

    A cell too wide for its column wraps inside it at word boundaries, its continuation lines
    under it. The columns narrow so that the table takes as few lines as it can: the
    ``flexible`` ones (their indexes: the free text) first, then, if that is not enough, the
    others too. A word is cut only when every column is as narrow as its
    longest word and the rows are still too wide. ``styles`` (shaped as ``rows``, "" for none)
    says how ``paint`` colours each cell's text; the padding stays plain.
    """
    count = len(rows[0])
    natural = [max(cells(row[i]) for row in rows) for i in range(count)]
    widths = natural
    if width is not None:
        tokens = [[_tokens(cell) for cell in row] for row in rows]
        widths = _fit(tokens, natural, flexible, width - 2 * (count - 1))
    lines = []
    for number, row in enumerate(rows):
        columns = [
            wrap(cell, widths[i], cut_long=True) if cells(cell) > widths[i] else [cell]
            for i, cell in enumerate(row)
        ]
        for depth in range(max(len(c) for c in columns)):
            parts = []
            for i, column in enumerate(columns):
                text = column[depth] if depth < len(column) else ""
                style = styles[number][i] if styles is not None else ""
                shown = paint.paint(text, style) if paint is not None else text
                parts.append(shown + " " * (widths[i] - cells(text)))
            lines.append("  ".join(parts).rstrip())
    return lines


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[int, int], ...]:
    """Return the words of ``text`` as :func:`wrap` sees them: (the spaces before, the width).
    (Cached: a table's columns repeat their words, "awaiting reply", a date's month.)"""
    if not text.isprintable():  # white space other than spaces: one space each run
        return tuple(
            (len(m.group(1)) if m.group(1).strip(" ") == "" else 1, cells(m.group(2)))
            for m in _WORD.finditer(text)
        )
    words: list[tuple[int, int]] = []
    spaces = 0  # before the next word: the spaces of the empty pieces, and the one that split
    for piece in text.split(" "):
        if piece:
            words.append((spaces if not words else spaces + 1, cells(piece)))
            spaces = 0
        else:
            spaces += 1
    return tuple(words)


def _height(tokens: Sequence[tuple[int, int]], width: int) -> int:
    """Return how many lines :func:`wrap` (without cutting) makes of a cell's ``tokens``."""
    lines, used = 1, -1
    for gap, size in tokens:
        if used < 0:
            used = size
        elif used + gap + size <= width:
            used += gap + size
        else:
            lines, used = lines + 1, size
    return lines


@functools.cache
def _narrowest(tokens: tuple[tuple[int, int], ...], lines: int) -> int:
    """Return the narrowest width that wraps a cell's ``tokens`` into at most ``lines`` lines
    without cutting a word (a wider width never takes more lines)."""
    low = max((size for _gap, size in tokens), default=0)
    if len(tokens) <= lines or _height(tokens, low) <= lines:
        return low
    high = max(low, sum(gap + size for gap, size in tokens) - (tokens[0][0] if tokens else 0))
    while low < high:
        middle = (low + high) // 2
        if _height(tokens, middle) <= lines:
            high = middle
        else:
            low = middle + 1
    return low


def _fit(
    rows: Sequence[Sequence[tuple[tuple[int, int], ...]]],
    natural: Sequence[int],
    flexible: Sequence[int],
    room: int,
) -> list[int]:
    """Return the widths of the columns (``rows``: each row's cells, as tokens) that fit
    ``room`` with as few lines in all as can be (see :func:`table`): a column is narrowed
    for free as far as no row takes another line, the ``flexible`` ones first;
    then, step by step, the column whose narrowing adds the fewest lines to the table (among
    equals a flexible one, then the widest) gives up a column of text."""
    if sum(natural) <= room:
        return list(natural)
    count = len(natural)
    widths = list(natural)
    floors = [max((size for row in rows for _gap, size in row[i]), default=0) for i in range(count)]
    known: dict[tuple[tuple[tuple[int, int], ...], int], int] = {}  # (cell, width): lines

    def height(cell: tuple[tuple[int, int], ...], width: int) -> int:
        key = (cell, width)
        if key not in known:
            known[key] = _height(cell, width)
        return known[key]

    def free(i: int) -> int:
        """The narrowest width of column ``i`` at which no row takes another line."""
        return max(
            floors[i],
            max((_narrowest(row[i], tallest[r]) for r, row in enumerate(rows)), default=0),
        )

    tallest = [1] * len(rows)  # each row's lines
    everything = range(count)
    order = (*flexible, *(i for i in everything if i not in flexible))
    while sum(widths) > room:
        for i in order:
            widths[i] = min(widths[i], max(free(i), widths[i] - (sum(widths) - room)))
        if sum(widths) <= room:
            return widths
        best: tuple[tuple[int, bool, int], int, list[int]] | None = None
        for i in everything:
            if widths[i] <= floors[i]:
                continue
            grown = [height(row[i], widths[i] - 1) for row in rows]
            more = sum(g - t for g, t in zip(grown, tallest, strict=True) if g > t)
            key = (more, i not in flexible, -widths[i])
            if best is None or key < best[0]:
                best = (key, i, grown)
        if best is None:
            break
        _key, i, grown = best
        widths[i] -= 1
        tallest = [max(g, t) for g, t in zip(grown, tallest, strict=True)]
    while sum(widths) > room:  # every column at its longest word: words are cut
        narrowable = [i for i in flexible if widths[i] > 1]
        if not narrowable:
            break
        widest = max(narrowable, key=lambda i: (widths[i], i))
        widths[widest] -= 1
    return widths


def blocks_that_fit(blocks: Sequence[Sequence[str]], room: int, *, around: int = 0) -> int:
    """Return how many of ``blocks`` (each the lines of one item) fit in ``room`` lines beside
    ``around`` lines of their own (a heading, a blank line), keeping one more for the line that
    counts the others when some do not fit."""
    if around + sum(len(block) for block in blocks) <= room:
        return len(blocks)
    used, kept = around + 1, 0
    for block in blocks:
        if used + len(block) > room:
            break
        used += len(block)
        kept += 1
    return kept
