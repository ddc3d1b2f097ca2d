"""The spaCy pipeline of extract: jieba segmentation, mention spans, cue spans, roles.

`build_nlp()` makes `spacy.blank("zh")` with the jieba segmenter (`segmenter.load_jieba`: the policy user
dictionary, ontology/jieba_userdict.txt, loaded once and explicitly) and adds three components:

- `policy_mentions`: money and percent mentions as spans (`doc.spans["policy_money"]`,
  `doc.spans["policy_percent"]`), found by the compiled regexes of `numbers`;
- `policy_cues`: a SpanRuler of role cue words (最高, 不超过, 以上, 突破, 奖励, 按 …);
- `policy_roles`: the role of every mention from the cues around it (span labels).

spaCy objects never leave this package: `mentions_of(doc)` turns them into plain tuples.
"""
from __future__ import annotations

import functools
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any


def _import_spacy() -> ModuleType:
    """spaCy without its command line: spaCy's package imports `spacy.cli.info` only to offer
    `spacy.info`, and the command line brings requests, httpx and weasel (~0.25 s of start-up)
    that extract never uses.  `spacy.info` stays, importing the real command line when called;
    `import spacy.cli` afterwards loads it as usual."""
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        import spacy

        return spacy

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli, cli_info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    cli.__path__ = []
    cli_info.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"], sys.modules["spacy.cli.info"] = cli, cli_info
    try:
        import spacy
    finally:
        for name, stub in (("spacy.cli.info", cli_info), ("spacy.cli", cli)):
            if sys.modules.get(name) is stub:
                del sys.modules[name]
    return spacy


spacy = _import_spacy()  # before any `from spacy… import`, which would load spaCy's package whole
from spacy.language import Language
from spacy.tokens import Doc, Span

from .. import config
from ..errors import ExtractSetupError, Locator, PipelineError
from .numbers import MONEY_RE, MoneyMatch, find_money, find_percents, percent_value
from .roles import CUE_PATTERNS, assign_roles
from .segmenter import load_jieba

log = logging.getLogger(__name__)

MONEY_KEY = "policy_money"
PERCENT_KEY = "policy_percent"
CUE_KEY = "policy_cues"
CUE_RULER = "policy_cues"  # the SpanRuler's name in the pipeline

if not Doc.has_extension("policy_money_matches"):
    Doc.set_extension("policy_money_matches", default=None)
if not Doc.has_extension("policy_percent_values"):
    Doc.set_extension("policy_percent_values", default=None)
# character ranges of the Doc that come from goal sentences (`到2024年，…`), set by the caller
if not Doc.has_extension("policy_goal_ranges"):
    Doc.set_extension("policy_goal_ranges", default=())
# ranges that lie before a grant of their sentence (`…达到25%的，给予…`): the grant's condition
if not Doc.has_extension("policy_condition_ranges"):
    Doc.set_extension("policy_condition_ranges", default=())
# Doc.text is rebuilt from the tokens on every access: policy_mentions keeps it for policy_roles
if not Doc.has_extension("policy_text"):
    Doc.set_extension("policy_text", default=None)


def _span(doc: Doc, start: int, end: int, label: str) -> Span:
    """The span of exactly `start:end`; jieba splits digits from Han characters, so
    mention edges fall on token edges — when they do not, the edge is a bug to fix in
    the user dictionary, not something to paper over."""
    span = doc.char_span(start, end, label=label)
    if span is None:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        log.warning("mention %r does not fall on token edges (tokens %r)", doc.text[start:end],
                    [t.text for t in span] if span is not None else None)
    if span is None:
        # the Doc joins several segments: its offsets are not the record's, the excerpt says where
        raise PipelineError("cannot make a span for a mention", locator=Locator(excerpt=doc.text[start:end]))
    return span


@Language.component("policy_mentions")
def policy_mentions(doc: Doc) -> Doc:
    """Money and percent mentions as spans; exact values kept on the Doc."""
    text = doc._.policy_text = doc.text
    money = find_money(text)
    doc._.policy_money_matches = {(m.start, m.end): m for m in money}
    doc.spans[MONEY_KEY] = [_span(doc, m.start, m.end, "MONEY") for m in money]
    percents = find_percents(text)
    doc._.policy_percent_values = {(m.start(), m.end()): percent_value(m) for m in percents}
    doc.spans[PERCENT_KEY] = [_span(doc, m.start(), m.end(), "PERCENT") for m in percents]
    return doc


@Language.component("policy_roles")
def policy_roles(doc: Doc) -> Doc:
    """Relabel every mention span with its role, read from the cue spans around it."""
    cues = [(s.start_char, s.end_char, s.label_) for s in doc.spans.get(CUE_KEY, [])]
    money = list(doc.spans[MONEY_KEY])
    percents = list(doc.spans[PERCENT_KEY])
    matches = doc._.policy_money_matches
    text = doc._.policy_text if doc._.policy_text is not None else doc.text
    money_roles, percent_roles = assign_roles(
        text, [matches[s.start_char, s.end_char] for s in money],
        [(s.start_char, s.end_char) for s in percents], cues, doc._.policy_goal_ranges,
        doc._.policy_condition_ranges)
    doc.spans[MONEY_KEY] = [Span(doc, s.start, s.end, label=r) for s, r in zip(money, money_roles)]
    doc.spans[PERCENT_KEY] = [Span(doc, s.start, s.end, label=r) for s, r in zip(percents, percent_roles)]
    return doc


@functools.lru_cache(maxsize=1)
def build_nlp(user_dict: Path = config.JIEBA_USER_DICT) -> Language:
    """The extract pipeline, built once per process, over the jieba of `segmenter.load_jieba`
    (its user dictionary is global to jieba and loaded once).  Only a segment the cue finder
    cannot settle needs it: the module, and spaCy with it, is imported then."""
    load_jieba(user_dict)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policy_mentions")
    ruler = nlp.add_pipe("span_ruler", name=CUE_RULER,
                         config={"spans_key": CUE_KEY, "phrase_matcher_attr": "ORTH"})
    patterns = [{"label": label, "pattern": word} for label, words in CUE_PATTERNS.items() for word in words]
    ruler.add_patterns(patterns)  # type: ignore[attr-defined]
    nlp.add_pipe("policy_roles")
    return nlp


def mentions_of(doc: Doc) -> tuple[list[tuple[MoneyMatch, str]], list[tuple[int, int, float, str]]]:
    """Plain results of one processed Doc: (money match, role) and
    (start, end, percent value, role), offsets into the Doc's text."""
    money = [(m, s.label_) for m, s in zip(doc._.policy_money_matches.values(), doc.spans[MONEY_KEY])]
    values = doc._.policy_percent_values
    percents = [(start, end, value, s.label_)
                for ((start, end), value), s in zip(values.items(), doc.spans[PERCENT_KEY])]
    return money, percents


def process(nlp: Language, text: str, goal_ranges: list[tuple[int, int]],
            condition_ranges: Sequence[tuple[int, int]] = ()) -> Doc:
    """Run the pipeline on `text`, telling the role component which parts are goals and which
    lie before a grant of their sentence (its condition)."""
    doc = nlp.make_doc(text)
    doc._.policy_goal_ranges = tuple(goal_ranges)
    doc._.policy_condition_ranges = tuple(condition_ranges)
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    return doc


__all__ = ["MONEY_RE", "ExtractSetupError", "build_nlp", "mentions_of", "process"]
