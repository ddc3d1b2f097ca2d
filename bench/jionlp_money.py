"""JioNLP's `extract_money` as a whole process, the peer of `policykg extract` in bench/wholeprocess.py.

    python -m bench.jionlp_money FILE...

Reads each file as UTF-8 (the synthetic documents are), runs `jionlp.ner.extract_money` on its
text and prints how many money mentions it found: what a user of JioNLP would run over the same
folder.  It imports nothing of policykg, so its start-up is JioNLP's alone.
"""
from __future__ import annotations

import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    import jionlp

    found = 0
    for name in argv:
        found += len(jionlp.ner.extract_money(Path(name).read_text(encoding="utf-8")))
    print(found)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
