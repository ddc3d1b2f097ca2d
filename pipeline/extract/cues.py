"""Cue spans of a comma segment, with jieba run over the cue words only.

The `policy_cues` SpanRuler matches cue words against jieba's tokens, so a cue counts only
where jieba cuts it out whole: `奖励` is no cue inside `奖励金` when jieba keeps that one word.
jieba segments every run of Han characters, letters and digits (a block) on its own, along the
best path through the words of its dictionary; a position that no dictionary word spans is a
cut on every path, and between two such cuts the path is the one jieba takes on that stretch
alone.  So each run of cue words is widened to the nearest cuts around it (`奖励` in
`奖励金额` to `奖励金额` when 奖励金 is a word), and that window is segmented and matched
alone (once per distinct window).  One thing still reaches across a cut: jieba's HMM joins
neighbouring single-character tokens, so a window whose path starts or ends with one (`按`,
`最|多`) is widened past it.

`CueFinder(segment)` is the cue spans the SpanRuler finds in `segment` (computed by
`segmenter.CueRuler`, without spaCy); None only when a cue of several tokens is written with
spaces inside (`最 多`): such a segment goes through the whole spaCy pipeline.
"""
from __future__ import annotations

import functools
import re
from types import ModuleType

from .roles import CUE_PATTERNS
from .segmenter import Cue, CueRuler, load_jieba, tokens


class CueFinder:
    """The cue spans of segments, from the cue ruler and the dictionary of jieba."""

    def __init__(self, jieba: ModuleType, ruler: CueRuler) -> None:
        self._ruler = ruler
        self._jieba = jieba.dt  # the Tokenizer behind jieba.cut
        self._freq: dict[str, int] = jieba.dt.FREQ  # words (count > 0) and their prefixes (0)
        self._longest = max(map(len, self._freq))
        self._block = re.compile(jieba.re_han_default.pattern)
        words = sorted({w for ws in CUE_PATTERNS.values() for w in ws}, key=len, reverse=True)
        self._cue = re.compile("|".join(map(re.escape, words)))  # longest first
        # a cue of several tokens also matches with spaces between them (`最 多`), across blocks
        spaced = [r"\s+".join(map(re.escape, toks)) for toks in (self._tokens(w) for w in words) if len(toks) > 1]
        self._spaced = re.compile("|".join(spaced)) if spaced else None
        # a word across position p holds the two characters around p: the pairs held by some
        # word are listed for the characters that cue words start and end with, so most edges
        # of a run of cues are settled by one look-up (the edges of a widened window are not)
        self._firsts = {w[0] for w in words}
        self._lasts = {w[-1] for w in words}
        self._pairs = self._pairs_in_words()
        self._read_window = functools.lru_cache(maxsize=4096)(self._match_window)
        self._open_suffixes = functools.lru_cache(maxsize=4096)(self._suffixes_in_dictionary)

    def __call__(self, segment: str) -> list[Cue] | None:
        if self._spaced is not None and self._spaced.search(segment):
            return None
        windows: list[tuple[int, int, tuple[Cue, ...]]] = []
        runs = self._runs(segment)
        blocks = iter(self._block.finditer(segment) if runs else ())
        block = None
        for start, end in runs:
            while block is None or block.end() < end:
                block = next(blocks)
            while True:
                if windows and start < windows[-1][1]:  # reaches into the last window: read both as one
                    last = windows.pop()
                    start, end = last[0], max(end, last[1])
                window = self._window(segment, start, end, block.start(), block.end())
                if not windows or window[0] >= windows[-1][1]:
                    windows.append(window)
                    break
                start, end = window[0], window[1]
        return [(start + s, start + e, label) for start, _, spans in windows for s, e, label in spans]

    def _runs(self, segment: str) -> list[tuple[int, int]]:
        """(start, end) of the runs of cue words of `segment`: overlapping or touching cues joined."""
        runs: list[tuple[int, int]] = []
        for m in self._cue.finditer(segment):
            start, end = m.span()
            for pos in range(start + 1, end):  # cues overlapping this one (给予|予以)
                inner = self._cue.match(segment, pos)
                if inner:
                    end = max(end, inner.end())
            if runs and start <= runs[-1][1]:
                runs[-1] = (runs[-1][0], max(end, runs[-1][1]))
            else:
                runs.append((start, end))
        return runs

    def _window(self, text: str, start: int, end: int, low: int, high: int) -> tuple[int, int, tuple[Cue, ...]]:
        """The stretch around text[start:end] inside the block text[low:high] that jieba
        segments as if alone, and the cue spans in it (offsets into the stretch)."""
        while True:
            start, end = self._cuts(text, start, end, low, high)
            spans, lone_first, lone_last = self._read_window(text[start:end])
            if lone_first and start > low:
                start -= 1
            elif lone_last and end < high:
                end += 1
            else:
                return start, end, spans

    def _cuts(self, text: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
        """text[start:end] widened until no dictionary word runs across either edge."""
        while True:
            first, last = self._across(text, start, end, low, high)
            if first == start and last == end:
                return start, end
            start, end = first, last

    def _across(self, text: str, start: int, end: int, low: int, high: int) -> tuple[int, int]:
        """The first start of the dictionary words of the block text[low:high] that run across
        `start`, and the last end of those that run across `end` (start and end when none do).

        A word across `end` starts inside text[start:end] or runs across `start` too, and every
        prefix of a word is in the dictionary: the walks from inside the stretch are those of
        its suffixes that are prefixes (`_open_suffixes`, the same for every copy of it)."""
        freq = self._freq
        first, last = start, end
        if start > low and text[start] in self._firsts and text[start - 1:start + 1] not in self._pairs:
            low = start  # no word runs across `start`, nor from before it across `end`
        for i in range(max(low, start - self._longest + 1), start):
            j = start + 1
            while j <= high:
                count = freq.get(text[i:j])
                if count is None:
                    break
                if count:
                    first, last = min(first, i), max(last, j)
                j += 1
        if end < high and text[end - 1] in self._lasts and text[end - 1:end + 1] not in self._pairs:
            return first, last
        for i in self._open_suffixes(text[start:end]):
            j = end + 1
            while j <= high:
                count = freq.get(text[start + i:j])
                if count is None:
                    break
                if count:
                    last = max(last, j)
                j += 1
        return first, last

    def _pairs_in_words(self) -> set[str]:
        """The character pairs inside dictionary words that end with a cue's first character
        or start with a cue's last one."""
        words = "\n".join(w for w, count in self._freq.items() if count)
        firsts, lasts = re.escape("".join(sorted(self._firsts))), re.escape("".join(sorted(self._lasts)))
        pair = re.compile(f"[^\\n](?=[{firsts}])|[{lasts}](?=[^\\n])")
        return {words[m.start():m.start() + 2] for m in pair.finditer(words)}

    def _suffixes_in_dictionary(self, stretch: str) -> tuple[int, ...]:
        return tuple(i for i in range(len(stretch)) if stretch[i:] in self._freq)

    def _tokens(self, text: str) -> list[str]:
        return [t for _, _, t in tokens(text)]

    def _match_window(self, window: str) -> tuple[tuple[Cue, ...], bool, bool]:
        """The SpanRuler's cue spans in `window` segmented alone, and whether jieba's path
        through it starts and ends with a single character (before the HMM joins any)."""
        spans = tuple(self._ruler(window))
        route: dict[int, tuple[float, int]] = {}
        self._jieba.calc(window, self._jieba.get_DAG(window), route)
        last = x = 0
        while x < len(window):
            last, x = x, route[x][1] + 1
        return spans, route[0][1] == 0, last == len(window) - 1


@functools.lru_cache(maxsize=1)
def cue_finder() -> CueFinder:
    """The finder of the process (jieba and its dictionaries loaded once)."""
    return CueFinder(load_jieba(), CueRuler(CUE_PATTERNS))
