"""Saved queries (one test each), the query tool and its formats, and the CLI commands."""
from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.errors import ConfigError, QueryError
from pipeline.graph import load_graph, run_query
from pipeline.graph.query import apply_bindings, format_result, prepare, read_query, saved_queries

runner = CliRunner()


@pytest.fixture(scope="module")
def g(seed_graph_file):
    return load_graph(seed_graph_file)


def rows(g, name, **binds):
    result = run_query(g, apply_bindings(read_query(name), binds))
    return [{v: (None if t is None else str(t)) for v, t in zip(result.variables, row)} for row in result.rows]


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_parses(name):
    prepare(saved_queries()[name].read_text(encoding="utf-8"))


def test_saved_queries_exist():
    assert {"citing_documents", "lineage", "award_history", "in_force", "unresolved"} <= set(saved_queries())


def test_citing_documents_transitively(g):
    got = {(r["citing_id"], r["direct"]) for r in rows(g, "citing_documents", target_id="苏政办发〔2021〕109号")}
    assert got == {("连制造强市办〔2022〕11号", "true"), ("启政办发〔2022〕13号", "true"), ("连工信规〔2024〕1号", "false")}


def test_lineage_of_a_document(g):
    got = rows(g, "lineage", doc_id="连工信规〔2024〕1号")
    pairs = {(r["later_id"], r["kind"], r["earlier_id"]) for r in got}
    assert ("连工信规〔2024〕1号", "cites", "连制造强市办〔2022〕11号") in pairs
    assert ("连工信规〔2024〕1号", "continues", "连发〔2015〕17号") in pairs
    assert ("连制造强市办〔2022〕11号", "cites", "苏政办发〔2021〕109号") in pairs  # followed on
    assert all(r["evidence"] and r["confidence"] for r in got)


def test_award_history_has_thresholds_and_caps(g):
    result = run_query(g, apply_bindings(read_query("award_history"), {"condition_text": ""}))
    assert {"amount", "rate", "threshold", "cap", "per"} <= set(result.variables)


@pytest.mark.parametrize("text, expected", [
    ("省级重点工业互联网平台（企业级）", [("连工信规〔2024〕1号", "100000"), ("连政办规〔2025〕6号", "200000")]),
    ("软件产品评估证书", [("连工信规〔2024〕1号", "10000"), ("连政办规〔2025〕6号", "20000")]),
])
def test_award_history(g, text, expected):
    got = [(r["doc_id"], f"{float(r['amount']):g}") for r in rows(g, "award_history", condition_text=text)]
    assert got == expected


@pytest.mark.parametrize("date, expected", [
    ("2022-06-01", {"连制造强市办〔2022〕11号", "泗政办发〔2022〕9号"}),
    ("2024-06-01", {"连制造强市办〔2022〕11号", "泗政办发〔2022〕9号", "连工信规〔2024〕1号"}),
    ("2024-12-31", {"连制造强市办〔2022〕11号", "泗政办发〔2022〕9号", "连工信规〔2024〕1号"}),
    ("2025-01-01", {"连工信规〔2024〕1号"}),
    ("2026-01-01", {"连工信规〔2024〕1号", "连政办规〔2025〕6号"}),
    ("2021-06-01", set()),
])
def test_in_force_on_a_date(g, date, expected):
    got = rows(g, "in_force", date=date)
    assert {r["doc_id"] for r in got if r["validity"] == "in force"} == expected
    # a corpus document whose entry into force is unknown is listed apart, on every date
    assert {r["doc_id"] for r in got if r["validity"] == "unknown"} == {"启政办发〔2022〕13号"}


def test_unresolved_references(g):
    found = rows(g, "unresolved")
    got = {(r["title"], r["citing_id"]) for r in found if r["status"] == "unresolved"}
    # cited by a 文号 that no document of the corpus bears: to fetch as well
    cited = {(r["doc_id"], r["citing_id"]) for r in found if r["status"] == "cited"}
    assert ("苏政办发〔2021〕109号", "连制造强市办〔2022〕11号") in cited
    assert ("连发〔2015〕17号", "连工信规〔2024〕1号") in cited
    assert all(r["doc_id"] for r in found if r["status"] == "cited")
    assert not {d for d, _ in cited} & {"连工信规〔2024〕1号", "连制造强市办〔2022〕11号"}  # in the corpus
    assert got == {("南通市制造业智能化改造和数字化转型三年行动计划（2022-2024年）", "启政办发〔2022〕13号"),
                   ("市政府关于加快产业强链推动工业经济高质量发展的实施意见", "连工信规〔2024〕1号"),
                   ("江苏省重点推广应用的新技术新产品目录", "连政办规〔2025〕6号")}


def test_apply_bindings_keeps_datatype_and_refuses_unknown():
    q = 'SELECT * WHERE { VALUES ?date { "2024-06-01"^^xsd:date } }'
    assert '"2025-01-01"^^xsd:date' in apply_bindings(q, {"date": "2025-01-01"})
    with pytest.raises(ConfigError):
        apply_bindings(q, {"nope": "1"})


def test_malformed_query_and_update_are_query_errors(g):
    with pytest.raises(QueryError, match="malformed query"):
        run_query(g, "SELECT ?x WHERE { ?x ")
    with pytest.raises(QueryError, match="Update is refused"):
        run_query(g, "INSERT DATA { <urn:a> <urn:b> <urn:c> }")


def test_json_is_sparql_results_json(g):
    result = run_query(g, read_query("citing_documents"))
    data = json.loads(format_result(result, "json"))
    assert data["head"]["vars"] == result.variables
    b = data["results"]["bindings"][0]
    assert b["citing"]["type"] == "uri" and b["citing_id"]["type"] == "literal"
    assert b["date"]["datatype"] == "http://www.w3.org/2001/XMLSchema#date"


def test_cli_query_formats(seed_graph_file):
    res = runner.invoke(app, ["query", "--graph", str(seed_graph_file), "--format", "csv", "in_force",
                              "--bind", "date=2025-01-01"])
    assert res.exit_code == 0, res.output
    parsed = list(csv.DictReader(io.StringIO(res.stdout)))
    assert [r["doc_id"] for r in parsed if r["validity"] == "in force"] == ["连工信规〔2024〕1号"]
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "-f", "json", str(saved_queries()["citing_documents"])])
    assert res.exit_code == 0 and len(json.loads(res.stdout)["results"]["bindings"]) == 3
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1"])
    assert res.exit_code == 0 and "1 rows" in res.stdout


def test_cli_query_errors(seed_graph_file, tmp_path):
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "SELECT ?x WHERE {"])
    assert res.exit_code == 1 and res.stderr.startswith("policykg: error: malformed query")
    res = runner.invoke(app, ["query", "-g", str(tmp_path / "none.ttl"), "SELECT * WHERE {?s ?p ?o}"])
    assert res.exit_code == 1 and "not found" in res.stderr
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "-f", "html", "SELECT * WHERE {?s ?p ?o}"])
    assert res.exit_code == 2
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), str(tmp_path / "missing.rq")])
    assert res.exit_code == 1 and "query file" in res.stderr and "not found" in res.stderr
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "   "])
    assert res.exit_code == 1 and "empty query" in res.stderr


def test_cli_unresolved(seed_graph_file):
    res = runner.invoke(app, ["unresolved", "-g", str(seed_graph_file), "-f", "csv"])
    assert res.exit_code == 0
    found = list(csv.DictReader(io.StringIO(res.stdout)))
    assert sum(r["status"] == "unresolved" for r in found) == 3 and any(r["status"] == "cited" for r in found)


# award_history as first written: a text scan of every award's condition and a transitive path.
# The saved query goes through wordings and lineages instead (fast on large graphs); this is
# what it must still answer.
PLAIN_AWARD_HISTORY = """PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX pkg: <https://policykg.example.org/ontology#>
SELECT DISTINCT ?doc_id ?date ?clause ?condition ?amount ?amount_role ?rate ?rate_base ?threshold ?cap ?per
                ?amount_text ?threshold_text ?cap_text WHERE {
  VALUES ?condition_text { "" }
  ?seed pkg:condition ?seed_condition .
  FILTER(CONTAINS(?seed_condition, ?condition_text))
  ?seed (pkg:succeedsAward|^pkg:succeedsAward)* ?award .
  ?doc pkg:hasAward ?award .
  ?award pkg:condition ?condition .
  OPTIONAL { ?doc eli:id_local ?doc_id }
  OPTIONAL { ?doc eli:date_document ?date }
  OPTIONAL { ?award pkg:inProvision/pkg:clauseId ?clause }
  OPTIONAL { ?award pkg:amount ?amount }
  OPTIONAL { ?award pkg:amountRole ?amount_role }
  OPTIONAL { ?award pkg:rate ?rate }
  OPTIONAL { ?award pkg:rateBase ?rate_base }
  OPTIONAL { ?award pkg:threshold ?threshold }
  OPTIONAL { ?award pkg:cap ?cap }
  OPTIONAL { ?award pkg:per ?per }
  OPTIONAL { ?award pkg:amountMention/pkg:text ?amount_text }
  OPTIONAL { ?award pkg:thresholdMention/pkg:text ?threshold_text }
  OPTIONAL { ?award pkg:capMention/pkg:text ?cap_text }
}"""


def test_award_history_answers_as_the_plain_path_query(g):
    conditions = sorted({str(o) for o in g.objects(None, URIRef("https://policykg.example.org/ontology#condition"))})
    assert len(conditions) > 20
    # a spread of whole conditions, short fragments that match many, and one that matches none
    texts = conditions[::8] + sorted({c[:2] for c in conditions})[::10] + ["不存在的条件"]
    for text in texts:
        fast = run_query(g, apply_bindings(read_query("award_history"), {"condition_text": text}))
        plain = run_query(g, apply_bindings(PLAIN_AWARD_HISTORY, {"condition_text": text}))
        assert sorted(map(tuple, fast.rows), key=str) == sorted(map(tuple, plain.rows), key=str), text


def test_cli_list_names_queries_and_parameters():
    res = runner.invoke(app, ["query", "--list"])
    assert res.exit_code == 0
    for name in saved_queries():
        assert f"{name}:" in res.stdout
    assert "--bind date=" in res.stdout and "date, default '2024-06-01'" in res.stdout
    assert "--bind target_id=" in res.stdout and "doc_number" in res.stdout


def test_cli_misspelt_saved_query_says_so(seed_graph_file):
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "in_forc"])
    assert res.exit_code == 2
    assert res.stderr.strip() == ("policykg: error: no saved query 'in_forc' (did you mean in_force? "
                                  "`policykg query --list` names them)")


@pytest.mark.parametrize("bind, message", [
    ("date=2024-02-30", "date='2024-02-30' is not a date (write YYYY-MM-DD"),
    ("date=yesterday", "date='yesterday' is not a date"),
    ("nope=1", "the query has no parameter 'nope' (its parameters: date)"),
    ("date", "bad --bind 'date'"),
])
def test_cli_bind_values_are_checked_in_one_line(seed_graph_file, bind, message):
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "in_force", "--bind", bind])
    assert res.exit_code == 2 and res.stderr.startswith(f"policykg: error: {message}")
    assert len(res.stderr.strip().splitlines()) == 1


def test_cli_bind_accepts_a_chinese_date_and_normalises_a_doc_number(seed_graph_file):
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "-f", "csv", "in_force", "-b", "date=2025年1月1日"])
    in_force = [r["doc_id"] for r in csv.DictReader(io.StringIO(res.stdout)) if r["validity"] == "in force"]
    assert res.exit_code == 0 and in_force == ["连工信规〔2024〕1号"]
    for written in ("苏政办发[2021]109号", "苏政办发（2021）109号", "苏政办发〔2021〕０１０９号", "苏政办发【2021】109号"):
        res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "-f", "csv", "citing_documents",
                                  "-b", f"target_id={written}"])
        assert res.exit_code == 0, res.output
        assert len(list(csv.DictReader(io.StringIO(res.stdout)))) == 3, written
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "citing_documents", "-b", "target_id=苏政办发"])
    assert res.exit_code == 2 and "is not a 文号" in res.stderr


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_cli_construct_keeps_the_prefixes(seed_graph_file, store):
    query = ("PREFIX eli: <http://data.europa.eu/eli/ontology#> CONSTRUCT { ?s eli:id_local ?n } "
             "WHERE { ?s eli:id_local ?n }")
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "--store", store, query])
    assert res.exit_code == 0
    assert "@prefix eli: <http://data.europa.eu/eli/ontology#>" in res.stdout
    assert 'eli:id_local "苏政办发〔2021〕109号"' in res.stdout and "ns1:" not in res.stdout
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "--store", store, "-f", "rdfxml",
                              "DESCRIBE <https://policykg.example.org/doc/苏政办发〔2021〕109号>"])
    assert res.exit_code == 0 and 'xmlns:eli="http://data.europa.eu/eli/ontology#"' in res.stdout


def test_cli_default_store_is_oxigraph_beside_the_graph(seed_graph_file):
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "-f", "json", "citing_documents"])
    assert res.exit_code == 0
    folder = seed_graph_file.with_suffix(".oxigraph")
    assert (folder / "policykg-source.txt").is_file() and list(folder.glob("v-*"))


def test_cli_numbers_are_printed_once(seed_graph_file):
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "--store", "memory", "award_history"])
    assert res.exit_code == 0 and "100000" in res.stdout and "100000.0" not in res.stdout


def test_cli_xml_results(seed_graph_file):
    import xml.etree.ElementTree as ET

    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "-f", "xml", "citing_documents"])
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert res.exit_code == 0 and len(ET.fromstring(res.stdout).findall(f"{ns}results/{ns}result")) == 3


@pytest.mark.parametrize("store", ["oxigraph", "memory"])
def test_cli_query_timeout_is_one_line(seed_graph_file, store):
    import subprocess
    import sys
    import time

    pathological = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "pipeline", "query", "-g", str(seed_graph_file), "--timeout", "1",
                           "--store", store, pathological], check=False, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 1 and done.stderr.strip() == (
        "policykg: error: query timed out after 1 s (narrow the query or raise --timeout)")
    assert time.monotonic() - started < 30



@pytest.mark.parametrize("query", [
    "SELECT (EXISTS { ?s ?p ?o } AS ?e) WHERE {}",
    "SELECT ?s (NOT EXISTS { ?s <http://data.europa.eu/eli/ontology#cites> ?o } AS ?leaf) WHERE { ?s ?p ?o } LIMIT 1",
])
def test_cli_a_query_rdflib_cannot_evaluate_is_one_readable_line(seed_graph_file, query):
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "--store", "memory", query])
    assert res.exit_code == 1
    assert res.stderr.count("\n") == 1 and "cannot evaluate" in res.stderr and "--store oxigraph" in res.stderr
    assert "CompValue" not in res.stderr and "Traceback" not in res.stderr
    res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "-f", "json", query])  # Oxigraph answers it
    assert res.exit_code == 0 and json.loads(res.stdout)["results"]["bindings"]


def test_cli_csv_numbers_are_the_same_on_both_stores(seed_graph_file):
    query = ("PREFIX pkg: <https://policykg.example.org/ontology#> "
             "SELECT ?award ?amount WHERE { ?award pkg:amount ?amount } ORDER BY ?award")
    answers = {}
    for store in ("memory", "oxigraph"):
        res = runner.invoke(app, ["query", "-g", str(seed_graph_file), "--store", store, "-f", "csv", query])
        assert res.exit_code == 0
        answers[store] = list(csv.reader(io.StringIO(res.stdout)))
    assert answers["memory"] == answers["oxigraph"] and len(answers["memory"]) > 1
    assert not any(amount.endswith(".0") for _, amount in answers["memory"][1:])
