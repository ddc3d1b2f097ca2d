"""`ingest_documents` on a copy of the built corpus: what changes, what does not."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support import CITED_DOC, CITING_DOC, NOT_A_GONGWEN, build_into, changed, ingest, snapshot

from pipeline.engine import process_file
from pipeline.engine.cache import CACHE_DIR_NAME
from pipeline.link import link_corpus


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _corpus_files(root: Path) -> dict[str, str]:
    """The snapshot without the cache: the cache is allowed to grow on success."""
    return {k: v for k, v in snapshot(root).items() if not k.startswith(CACHE_DIR_NAME)}


def test_new_document_changes_exactly_the_expected_files(corpus: Path, inputs: Path) -> None:
    before = _corpus_files(corpus)
    report = ingest([_write(inputs, "100_cited.txt", CITED_DOC)], corpus)
    after = _corpus_files(corpus)
    diff = changed(before, after)
    must = {"raw_docs/100_cited.txt", "extracted/100_cited.json", "extracted/manifest.json"}
    # re-linking may rewrite a record that cites the new 文号, and the graph files; nothing else
    citing = {f"extracted/{Path(name).stem}.json" for name in _citers(corpus, "连政办发〔2022〕3号")}
    graph = {k for k in after if k.startswith("extracted/graph.")}
    assert must <= diff <= must | citing | graph
    assert sorted(diff) == report.changed_files
    assert (corpus / "raw_docs/100_cited.txt").read_bytes() == (inputs / "100_cited.txt").read_bytes()
    assert [d.file for d in report.documents] == ["100_cited.txt"]
    assert report.documents[0].status == "added"
    assert report.documents[0].record.header.doc_number == "连政办发〔2022〕3号"
    untouched = {"extracted/002_5d0181b67baf112a.json", "extracted/004_3dc2365f799b5415.json"} - citing
    assert all(before[k] == after[k] for k in untouched)
    manifest = json.loads((corpus / "extracted/manifest.json").read_text(encoding="utf-8"))
    assert "100_cited.txt" in manifest["inputs"] and manifest["counts"]["documents"] == 6


def _citers(root: Path, doc_number: str) -> list[str]:
    """Seed files whose text cites `doc_number` (what a working link stage may re-resolve)."""
    return [p.name for p in sorted((root / "raw_docs").glob("*.txt"))
            if doc_number in p.read_text(encoding="utf-8") and not p.name.startswith("100_")]


def test_ingest_output_equals_a_full_build(corpus: Path, inputs: Path, tmp_path: Path) -> None:
    """Incremental ingest and a from-scratch build of the same raw_docs/ agree byte for byte."""
    ingest([_write(inputs, "100_cited.txt", CITED_DOC),
                      _write(inputs, "101_citing.txt", CITING_DOC)], corpus)
    fresh = tmp_path / "fresh"
    build_into(corpus / "raw_docs", fresh)
    built = {p.name: p.read_bytes() for p in fresh.iterdir()}
    ingested = {p.name: p.read_bytes() for p in (corpus / "extracted").iterdir() if p.is_file()}
    assert built == ingested


def test_ingesting_twice_is_a_no_op(corpus: Path, inputs: Path) -> None:
    path = _write(inputs, "100_cited.txt", CITED_DOC)
    ingest([path], corpus)
    before = snapshot(corpus)
    report = ingest([path], corpus)
    assert snapshot(corpus) == before
    assert not report.changed and report.documents == []
    assert [(d.file, d.same_as) for d in report.skipped] == [("100_cited.txt", "100_cited.txt")]


def test_a_seed_file_ingested_again_under_its_own_name_is_a_no_op(corpus: Path) -> None:
    before = snapshot(corpus)
    report = ingest([corpus / "raw_docs/003_3d7294011066eb67.txt"], corpus)
    assert snapshot(corpus) == before and not report.changed
    assert not report.rebuilt  # extracted/'s manifest says it is the build of raw_docs/: nothing is re-linked


@pytest.mark.parametrize("variant", ["relaid.md", "crlf_gbk.txt", "renamed.txt"])
def test_same_document_in_another_form_is_not_duplicated(corpus: Path, inputs: Path, variant: str) -> None:
    """The same 公文 re-laid (markdown, other line breaks and encoding, another name) is recognised."""
    seed = (corpus / "raw_docs/000_56b4b2a5a32276d5.txt").read_text(encoding="utf-8")
    if variant == "relaid.md":
        data = seed.replace("\n\n", "\n").replace("，", "， ").encode("utf-8")
    elif variant == "crlf_gbk.txt":
        data = seed.replace("\n", "\r\n").encode("gb18030")
    else:
        data = seed.encode("utf-8")
    (inputs / variant).write_bytes(data)
    before = snapshot(corpus)
    report = ingest([inputs / variant], corpus)
    assert snapshot(corpus) == before
    assert [(d.file, d.same_as) for d in report.skipped] == [(variant, "000_56b4b2a5a32276d5.txt")]


def test_a_near_identical_copy_is_kept_as_a_source_and_linked_once(corpus: Path, inputs: Path,
                                                                   tmp_path: Path) -> None:
    """A PDF's text layer differs from the text file by stray characters: link calls it the same
    document, so the graph holds it once; but it is another text, so it is added, never 'unchanged'."""
    seed = (corpus / "raw_docs/001_ebfee30354606d84.txt").read_text(encoding="utf-8")
    lines = seed.splitlines()
    noisy = "\n".join(line + ("·" if i % 40 == 7 else "") for i, line in enumerate(lines))
    path = _write(inputs, "001_scan.txt", noisy + "\n— 3 —\n")
    report = ingest([path], corpus)
    assert report.skipped == [] and [d.file for d in report.documents] == ["001_scan.txt"]
    assert report.copies[0].same_as == "001_ebfee30354606d84.txt"
    assert "连政办规〔2025〕6号" in report.copies[0].reason and "wording differs in" in report.copies[0].reason
    assert (corpus / "raw_docs/001_scan.txt").is_file()
    manifest = json.loads((corpus / "extracted/manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["duplicates"] == 1 and "001_scan.txt" in manifest["inputs"]
    fresh = tmp_path / "fresh"
    build_into(corpus / "raw_docs", fresh)
    assert ({p.name: p.read_bytes() for p in fresh.iterdir()}
            == {p.name: p.read_bytes() for p in (corpus / "extracted").iterdir() if p.is_file()})


def test_second_ingest_reuses_cached_records(corpus: Path, inputs: Path) -> None:
    shutil.rmtree(corpus / CACHE_DIR_NAME)  # as after `build`, which does not fill the cache
    first = ingest([_write(inputs, "100_cited.txt", CITED_DOC)], corpus)
    assert first.processed == 5 and first.reused == 0
    second = ingest([_write(inputs, "101_citing.txt", CITING_DOC)], corpus)
    assert second.processed == 0 and second.reused == 6
    assert [d.file for d in second.documents] == ["101_citing.txt"]


def test_changed_file_under_the_same_name_is_replaced(corpus: Path, inputs: Path) -> None:
    ingest([_write(inputs, "100_cited.txt", CITED_DOC)], corpus)
    revised = CITED_DOC.replace("加强数字化转型服务", "加强数字化转型公共服务")
    report = ingest([_write(inputs, "100_cited.txt", revised)], corpus)
    assert report.documents[0].status == "replaced"
    assert (corpus / "raw_docs/100_cited.txt").read_text(encoding="utf-8") == revised
    assert "raw_docs/100_cited.txt" in report.changed_files


def test_a_text_that_is_not_a_gongwen_is_ingested_with_a_warning(corpus: Path, inputs: Path) -> None:
    report = ingest([_write(inputs, "200_diary.txt", NOT_A_GONGWEN)], corpus)
    record = report.documents[0].record
    assert record.header.doc_number is None and record.header.title is None and record.header.issue_date is None
    assert any("not a 公文" in w for w in record.warnings)
    data = json.loads((corpus / "extracted/200_diary.json").read_text(encoding="utf-8"))
    assert data["doc_number"] is None and any("not a 公文" in w for w in data["warnings"])


def test_record_name_clash_with_another_document_is_refused(corpus: Path, inputs: Path) -> None:
    from pipeline.errors import InputError

    path = _write(inputs, "000_56b4b2a5a32276d5.md", CITED_DOC)
    before = snapshot(corpus)
    with pytest.raises(InputError, match="would overwrite"):
        ingest([path], corpus)
    assert snapshot(corpus) == before


def test_a_new_document_answers_an_old_dangling_citation(corpus: Path, inputs: Path) -> None:
    """000 cites 连政办发〔2022〕3号, not in the corpus; once it is ingested, 000's citation reaches it."""
    seed = process_file(corpus / "raw_docs/000_56b4b2a5a32276d5.txt")
    assert any(r.doc_number == "连政办发〔2022〕3号" for r in seed.extraction.references)
    before = link_corpus([seed])
    assert not any(d.record_file for d in before.documents if d.key == "连政办发〔2022〕3号")
    report = ingest([_write(inputs, "100_new.txt", CITED_DOC)], corpus)
    assert report.corpus_files.get("连政办发〔2022〕3号") == "100_new.txt"
    assert "000_56b4b2a5a32276d5.txt" in report.documents[0].cited_by


def test_a_new_documents_citation_resolves_to_a_corpus_document(corpus: Path, inputs: Path) -> None:
    report = ingest([_write(inputs, "101_new.txt", CITING_DOC)], corpus)
    refs = report.documents[0].record.extraction.references
    assert refs
    targets = {report.corpus_files.get(ref.resolved or "") for ref in refs}
    assert "001_ebfee30354606d84.txt" in targets


def test_root_without_raw_docs_is_a_usage_error(tmp_path: Path, inputs: Path) -> None:
    from pipeline.errors import ConfigError

    with pytest.raises(ConfigError, match="no raw_docs/ folder"):
        ingest([_write(inputs, "x.txt", CITED_DOC)], tmp_path)


def test_ingest_into_a_corpus_without_extracted_creates_it(tmp_path: Path, inputs: Path) -> None:
    from support import SEED_RAW

    root = tmp_path / "c"
    shutil.copytree(SEED_RAW, root / "raw_docs")
    report = ingest([_write(inputs, "100_cited.txt", CITED_DOC)], root)
    assert "extracted/000_56b4b2a5a32276d5.json" in report.changed_files
    assert (root / "extracted/manifest.json").is_file()


@pytest.mark.parametrize("old,new", [("不超过50万元", "不超过60万元"), ("2022年2月10日", "2022年2月11日"),
                                     ("连政办发〔2022〕3号", "连政办发〔2022〕4号")],
                         ids=["amount", "date", "文号"])
def test_a_corrected_copy_under_a_new_name_is_never_unchanged(corpus: Path, inputs: Path,
                                                            old: str, new: str) -> None:
    """A one-character correction saved under another file name is a new edition: added, not skipped."""
    ingest([_write(inputs, "100_cited.txt", CITED_DOC)], corpus)
    corrected = CITED_DOC.replace(old, new)
    assert corrected != CITED_DOC
    report = ingest([_write(inputs, "100_cited_corrected.txt", corrected)], corpus)
    assert report.skipped == []
    assert [(d.file, d.status) for d in report.documents] == [("100_cited_corrected.txt", "added")]
    assert (corpus / "raw_docs/100_cited_corrected.txt").read_text(encoding="utf-8") == corrected


@pytest.mark.parametrize("name", ["manifest.txt", "eval_report.txt", ".hidden.txt"])
def test_a_document_named_like_the_corpus_files_is_refused(corpus: Path, inputs: Path, name: str) -> None:
    """Its record would overwrite (or be overwritten by) the corpus's own files: one line, nothing changed."""
    from pipeline.errors import InputError

    before = snapshot(corpus)
    with pytest.raises(InputError, match="would collide with the output folder's own files"):
        ingest([_write(inputs, name, CITED_DOC)], corpus)
    assert snapshot(corpus) == before


def test_build_reports_a_reserved_name_and_writes_the_rest(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    raw.mkdir()
    _write(raw, "manifest.txt", CITED_DOC)
    _write(raw, "100_cited.txt", CITED_DOC.replace("3号", "4号"))
    result = build_into(raw, tmp_path / "out")
    assert [f.file for f in result.failures] == ["manifest.txt"]
    manifest = json.loads((tmp_path / "out/manifest.json").read_text(encoding="utf-8"))
    assert "100_cited.txt" in manifest["inputs"] and "manifest.txt" not in manifest["inputs"]


def test_a_replacement_reports_what_changed(corpus: Path, inputs: Path) -> None:
    """Fields, amounts and awards old → new; the document named by its IRI; lineage edges that did not
    change are not listed as new."""
    from pipeline.maintain import render_report

    first = ingest([_write(inputs, "100_cited.txt", CITED_DOC)], corpus)
    revised = CITED_DOC.replace("不超过50万元", "不超过60万元").replace("2022年2月10日", "2022年2月11日")
    report = ingest([_write(inputs, "100_cited.txt", revised)], corpus)
    lines = render_report(report)
    assert lines[0] == "replaced: 100_cited.txt  https://policykg.example.org/doc/连政办发〔2022〕3号"
    changes = lines[lines.index("  changed:") + 1:]
    assert "    issue_date: 2022-02-10 → 2022-02-11" in changes
    assert any(line.startswith("    amount: 50万元") and "→ 60万元" in line for line in changes), changes
    assert any(line.startswith("    award: ") and "500000" in line and "600000" in line for line in changes), changes
    unchanged = {(e.source, e.target, e.kind) for e in first.new_edges} & {(e.source, e.target, e.kind)
                                                                          for e in report.new_edges}
    assert not unchanged, unchanged


def test_a_document_without_a_doc_number_keeps_its_iri_when_edited(corpus: Path, inputs: Path) -> None:
    """Its identity is its file's, not its bytes'."""
    plain = CITED_DOC.replace("连政办发〔2022〕3号\n", "")
    first = ingest([_write(inputs, "300_plain.txt", plain)], corpus)
    assert first.documents[0].record.header.doc_number is None
    edited = ingest([_write(inputs, "300_plain.txt", plain.replace("50万元", "80万元"))], corpus)
    assert edited.documents[0].status == "replaced"
    assert edited.documents[0].iri == first.documents[0].iri
    assert edited.new_edges == [] and edited.vanished_edges == []


_TUNING_DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"
# numberless document, its citer, the number the citer lends it, an edit of the numberless text
# (tuning families: a provincial 办法 promulgated without its 令 number in the text, cited by it;
# a ministry's 细则 with its 令 number taken out, cited by the decision amending it)
_LENT = {
    "provincial-order": ("c013_hebei_kjjl_banfa_2021.txt", "c015_hebei_kjjl_xize_tongzhi_2022.txt",
                         "河北省人民政府令第4号", None),
    "ministry-order": ("c019_guojia_kjb_ling1_jiangli_xize_1999.txt", "c020_guojia_kjb_ling9_xiugai_2004.txt",
                       "科学技术部令第1号", ("科学技术部令第1号", "")),
}


@pytest.mark.parametrize("order", ["numberless-first", "citer-first", "together"])
@pytest.mark.parametrize("family", sorted(_LENT))
def test_a_lent_number_is_ingested_as_a_fresh_build_gives_it(corpus: Path, inputs: Path, tmp_path: Path,
                                                             family: str, order: str) -> None:
    """A numberless document takes the number its citer gives it: the citer's reference names it by
    that number (not by its file's hash), whichever of the two came first, and byte for byte as a
    fresh build of the same raw_docs/ does."""
    numberless, citer, number, edit = _LENT[family]
    text = (_TUNING_DOCS / numberless).read_text(encoding="utf-8")
    if edit:
        assert edit[0] in text
        text = text.replace(*edit)
    files = [_write(inputs, numberless, text),
             _write(inputs, citer, (_TUNING_DOCS / citer).read_text(encoding="utf-8"))]
    if order == "together":
        ingest(files, corpus)
    else:
        for path in files if order == "numberless-first" else files[::-1]:
            ingest([path], corpus)
    record = json.loads((corpus / "extracted" / f"{Path(citer).stem}.json").read_text(encoding="utf-8"))
    assert number in {r["resolved"] for r in record["references"]}
    assert not any((r["resolved"] or "").startswith("sha:") for r in record["references"])
    fresh = tmp_path / "fresh"
    build_into(corpus / "raw_docs", fresh)
    assert ({p.name: p.read_bytes() for p in fresh.iterdir()}
            == {p.name: p.read_bytes() for p in (corpus / "extracted").iterdir() if p.is_file()})


def test_an_ingest_report_names_the_citers_of_a_numberless_document(corpus: Path, inputs: Path) -> None:
    """Its citers name it by the number lent to it: the report still lists them, and that number
    leads to its file."""
    numberless, citer, number, _ = _LENT["provincial-order"]
    ingest([_write(inputs, citer, (_TUNING_DOCS / citer).read_text(encoding="utf-8"))], corpus)
    report = ingest([_write(inputs, numberless, (_TUNING_DOCS / numberless).read_text(encoding="utf-8"))], corpus)
    assert report.documents[0].cited_by == (citer,)
    assert report.corpus_files[number] == numberless
