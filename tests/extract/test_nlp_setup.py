"""extract's one-time set-up: jieba's dictionary read from jieba's own cache, as jieba reads it."""
from __future__ import annotations

import jieba

from pipeline.extract.segmenter import _load_jieba_cache


def test_the_dictionary_from_the_cache_is_the_one_jieba_loads() -> None:
    jieba.dt.check_initialized()  # the cache exists (jieba writes it on its first load)
    ours, jiebas = jieba.Tokenizer(), jieba.Tokenizer()
    _load_jieba_cache(ours, jieba.DEFAULT_DICT)
    jiebas.initialize()
    assert ours.initialized
    assert ours.total == jiebas.total and ours.FREQ == jiebas.FREQ
    assert list(ours.cut("对首次认定的高新技术企业给予最高50万元奖励")) == \
        list(jiebas.cut("对首次认定的高新技术企业给予最高50万元奖励"))


def test_without_a_cache_jieba_initialises_itself(tmp_path) -> None:
    ours = jieba.Tokenizer()
    ours.tmp_dir = str(tmp_path)  # no cache there: left to jieba
    _load_jieba_cache(ours, jieba.DEFAULT_DICT)
    assert not ours.initialized
    other = jieba.Tokenizer(str(tmp_path / "dict.txt"))  # not the default dictionary: left to jieba
    _load_jieba_cache(other, jieba.DEFAULT_DICT)
    assert not other.initialized
