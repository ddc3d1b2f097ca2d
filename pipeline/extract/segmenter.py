"""jieba for extract, and the cue words matched over its tokens, without spaCy.

spaCy's Chinese tokenizer (`spacy.blank("zh")` with the jieba segmenter) is `jieba.cut` with the
words aligned to the text (`spacy.util.get_words_and_spaces`), and the `policy_cues` SpanRuler
with string patterns on ORTH is a phrase match of each pattern's tokens against the tokens.
Both are a few lines over jieba; importing spaCy for them costs ~0.8 s of every process's
start-up.  `tokens` and `CueRuler` compute what those two give (tests/extract/test_segmenter.py
holds them to spaCy's, and tests/extract/test_cues.py the cue finder to the SpanRuler); the
whole spaCy pipeline (`nlp.build_nlp`) is loaded only for what still needs it.

`load_jieba()` reads jieba's dictionary from jieba's own cache and loads the policy user
dictionary (ontology/jieba_userdict.txt) once per process: jieba keeps one global dictionary
(and its total count, which a second load would change), so every user of jieba in extract
goes through it.
"""
from __future__ import annotations

import functools
import logging
import marshal
import os
import sys
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from .. import config
from ..errors import ExtractSetupError

Token = tuple[int, int, str]  # (start, end, text)
Cue = tuple[int, int, str]  # (start, end, label)


@functools.lru_cache(maxsize=1)
def load_jieba(user_dict: Path = config.JIEBA_USER_DICT) -> ModuleType:
    """jieba with its dictionary and the policy user dictionary loaded, once per process."""
    if not user_dict.is_file():
        raise ExtractSetupError(f"jieba user dictionary not found: {user_dict}",
                                hint="restore ontology/jieba_userdict.txt")
    jieba = _import_jieba()
    # jieba announces its dictionary build at DEBUG on its own stderr handler; errors on
    # stderr must stay one line, so it speaks only when something is wrong
    jieba.setLogLevel(logging.WARNING)
    _load_jieba_cache(jieba.dt, jieba.DEFAULT_DICT)
    jieba.dt.check_initialized()
    jieba.load_userdict(str(user_dict))
    return jieba


def _import_jieba() -> ModuleType:
    """jieba, without the ~0.2 s of pkg_resources: jieba's `_compat` imports it only to open its
    own dictionary file, and opens the file by its path when that import fails."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def _load_jieba_cache(tokenizer: Any, default_dict: object) -> None:
    """jieba's default dictionary from the cache file jieba keeps, read whole: `marshal.loads` of
    its bytes takes a third of the time of jieba's own `marshal.load` of the open file (which reads
    it piece by piece).  The cache is the one jieba would read (same file, same conditions); when
    there is none, or it does not load, jieba initialises itself as always (and writes it)."""
    if tokenizer.initialized or tokenizer.dictionary != default_dict:
        return
    cache = os.path.join(tokenizer.tmp_dir or tempfile.gettempdir(), tokenizer.cache_file or "jieba.cache")
    try:
        with open(cache, "rb") as fh:
            freq, total = marshal.loads(fh.read())
    except (OSError, ValueError, EOFError, TypeError):
        return  # jieba's initialize() rebuilds it from the dictionary
    with tokenizer.lock:
        if not tokenizer.initialized:
            tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True


def tokens(text: str) -> list[Token]:
    """The tokens spaCy's Chinese tokenizer makes of `text` with the jieba segmenter: jieba's
    words, whitespace words dropped, each found in the text from where the last one ended (what
    lies between is a token of its own), one space after a word its trailing space."""
    words = [w for w in load_jieba().cut(text, cut_all=False) if w and not w.isspace()]
    out: list[Token] = []
    pos = 0
    for word in words:
        start = text.index(word, pos)  # jieba's words are the text's, in order
        if start > pos:
            out.append((pos, start, text[pos:start]))
        pos = start + len(word)
        out.append((start, pos, word))
        if pos < len(text) and text[pos] == " ":
            pos += 1
    if pos < len(text):
        out.append((pos, len(text), text[pos:]))
    return out


class CueRuler:
    """The spans the SpanRuler finds with string patterns on ORTH: every run of tokens that is
    a pattern's tokens, each (start, end, label) once, in order of start and end."""

    def __init__(self, patterns: Mapping[str, Iterable[str]]) -> None:
        labels: dict[str, str] = {}
        for label, words in patterns.items():
            for word in words:
                if labels.setdefault(word, label) != label:
                    # the SpanRuler orders the labels of one span by their hashes: not kept here
                    raise ExtractSetupError(f"cue word {word!r} has two labels: {labels[word]}, {label}")
        # by first token: the patterns that start with it, as token tuples
        self._by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for word, label in labels.items():
            toks = tuple(t for _, _, t in tokens(word))
            if toks:
                self._by_first.setdefault(toks[0], []).append((toks, label))

    def __call__(self, text: str) -> list[Cue]:
        toks = tokens(text)
        texts = [t for _, _, t in toks]
        found: set[Cue] = set()
        for i, first in enumerate(texts):
            for pattern, label in self._by_first.get(first, ()):
                j = i + len(pattern)
                if j <= len(texts) and tuple(texts[i:j]) == pattern:
                    found.add((toks[i][0], toks[j - 1][1], label))
        return sorted(found)
