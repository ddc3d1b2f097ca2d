"""The research page in a real browser: Debian's chromium driven by Playwright.

Needs /usr/bin/chromium (apt-get install chromium) and the playwright package; without them
the test fails (CI installs both), it does not skip.  Screenshots are written to the test's
temporary folder and checked: the page's elements are on screen, a result is classified,
a click on a document draws its lineage, and a click in the picture opens another lineage.
"""
from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "chromium is not installed (apt-get install -y chromium)"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def _varied(png: Path) -> bool:
    """A screenshot that shows something: many distinct colours, not a blank page."""
    from PIL import Image

    with Image.open(png) as img:
        colours = img.convert("RGB").resize((200, 200)).getcolors(maxcolors=200 * 200)
    return colours is not None and len(colours) > 50


def _visible_box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0, selector
    return box


def test_saved_query_to_lineage_picture(browser, base, tmp_path):
    page = browser.new_page(viewport={"width": 1300, "height": 1000}, bypass_csp=True)  # for wait_for_function
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(base + "/")

    # a saved query with a 文号 parameter, written with other brackets: normalised as the CLI does
    page.select_option("#saved", "citing_documents")
    page.fill("#param-target_id", "苏政办发[2021]109号")
    page.dispatch_event("#param-target_id", "change")
    page.wait_for_function("document.getElementById('normal-target_id').textContent.includes('〔2021〕')")
    page.click("#run")
    page.wait_for_selector("#result-table td.doc-corpus .badge.corpus")
    assert page.locator("#result-table tr").count() == 4  # header + 3 citing documents
    assert "3 rows" in page.locator("#status").inner_text()
    assert "〔2021〕109号" in page.locator("#query").input_value()
    shot = tmp_path / "results.png"
    page.screenshot(path=str(shot), full_page=True)
    assert _varied(shot)
    for selector in ("#saved", "#param-target_id", "#run", "#result-table", "#doc-legend"):
        _visible_box(page, selector)

    # a click on a document in the results draws its lineage: laid out by dot, a legend, boxes
    page.locator("#result-table td.doc", has_text="连工信规〔2024〕1号").first.click()
    page.wait_for_selector("#lineage svg #legend")
    assert page.locator("#doc").input_value() == "连工信规〔2024〕1号"
    legend = page.locator("#lineage #legend").text_content() or ""
    assert "cites 引用" in legend and "only cited" in legend
    boxes = page.locator("#lineage svg g.node")
    assert boxes.count() >= 5
    for i in range(boxes.count()):  # readable labels: no two boxes overlap
        a = boxes.nth(i).bounding_box()
        for j in range(i):
            b = boxes.nth(j).bounding_box()
            assert a["x"] + a["width"] <= b["x"] + 1 or b["x"] + b["width"] <= a["x"] + 1 or \
                a["y"] + a["height"] <= b["y"] + 1 or b["y"] + b["height"] <= a["y"] + 1
    shot = tmp_path / "lineage.png"
    page.screenshot(path=str(shot), full_page=True)
    assert _varied(shot)

    # a box in the picture opens that document's lineage
    page.locator("#lineage svg g.node", has_text="连制造强市办〔2022〕11号").locator("a").first.click()
    page.wait_for_function("document.getElementById('doc').value === '连制造强市办〔2022〕11号'")
    page.wait_for_selector("#lineage svg g.node polygon[stroke='#a04000'], #lineage svg g.node path[stroke='#a04000']")
    assert page.url.rstrip("/") == base  # drawn in place, not navigated away
    page.screenshot(path=str(tmp_path / "lineage2.png"), full_page=True)
    assert all(url.startswith(base) for url in requests), requests  # nothing fetched from elsewhere
    assert errors == []
    page.close()


def test_errors_numbers_and_graph_answers_are_shown(browser, base, tmp_path):
    page = browser.new_page(viewport={"width": 1200, "height": 900}, bypass_csp=True)
    page.goto(base + "/")
    page.fill("#query", "SELECT ?x WHERE {")
    page.click("#run")
    page.wait_for_selector("#error:not(:empty)")
    assert "HTTP 400" in page.locator("#error").inner_text() and "malformed query" in page.locator("#error").inner_text()
    page.fill("#query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    page.click("#run")
    page.wait_for_function("document.getElementById('error').textContent.includes('refused')")

    page.select_option("#saved", "award_history")
    page.click("#run")
    page.wait_for_selector("#result-table td.num")
    amounts = page.locator("#result-table td.num").all_inner_texts()
    assert "100,000" in amounts and not any(text.endswith(".0") for text in amounts)

    page.select_option("#saved", "in_force")
    assert page.locator("#param-date").get_attribute("type") == "date"  # a date picker
    page.fill("#param-date", "2025-01-01")
    page.dispatch_event("#param-date", "change")
    page.wait_for_function("document.getElementById('query').value.includes('2025-01-01')")
    page.click("#run")
    page.wait_for_selector("#result-table")
    assert "2 rows" in page.locator("#status").inner_text()  # in force, and one whose validity is unknown

    page.select_option("#saved", "")
    page.fill("#query", "PREFIX eli: <http://data.europa.eu/eli/ontology#>\n"
                        "CONSTRUCT { ?s eli:id_local ?n } WHERE { ?s eli:id_local ?n }")
    page.click("#run")
    page.wait_for_selector("#graph-result")
    assert "@prefix eli:" in page.locator("#graph-result").inner_text()
    page.fill("#query", 'DESCRIBE ?d WHERE { ?d <http://data.europa.eu/eli/ontology#id_local> "连工信规〔2024〕1号" }')
    page.click("#run")
    page.wait_for_function("(document.getElementById('graph-result') || {textContent: ''})"
                           ".textContent.includes('eli:LegalResource')")
    assert "@prefix pkg:" in page.locator("#graph-result").inner_text()
    assert page.locator("#error").inner_text() == ""
    page.fill("#doc", "no such document")
    page.click("#draw")
    page.wait_for_selector("#lineage-error:not(:empty)")
    assert "404" in page.locator("#lineage-error").inner_text()
    page.screenshot(path=str(tmp_path / "errors.png"), full_page=True)
    page.close()
