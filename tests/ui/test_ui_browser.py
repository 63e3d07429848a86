"""The web UI in headless Chromium against the real server: every view loads without console errors
or off-machine requests, filters change the table and the URL, the map shows markers, an event opens
its article with the evidence highlighted, the timeline brushes, the network draws, and markup in an
article's text is shown as text and never runs."""

from __future__ import annotations

import re

import pytest

from service import XSS_ID

pytestmark = pytest.mark.browser
VIEWS = ["events", "map", "timeline", "network", f"article&id={XSS_ID}"]


@pytest.mark.parametrize("view", VIEWS)
def test_ui_view_loads_without_console_errors(tab, view):
    page = tab.open(f"?view={view}")
    page.wait_for_timeout(300)  # late errors (map tiles, layout) would show up here
    assert tab.errors == [] and tab.foreign == []
    assert page.locator(".error").count() == 0


def test_ui_filter_changes_the_table_and_the_url(tab):
    page = tab.open("?view=events")
    before = page.locator("tr.event-row").count()
    page.select_option("#f-type", "ASSAULT")
    page.wait_for_url(re.compile(r"type=ASSAULT"))
    tab.ready()
    chips = page.locator("tr.event-row .type-chip").all_inner_texts()
    assert chips and set(chips) == {"ASSAULT"} and len(chips) <= before
    assert "ASSAULT" in page.locator("#summary").inner_text()
    page.fill("input[name=country]", "SDN")
    page.wait_for_url(re.compile(r"country=SDN"))
    tab.ready()
    shared = page.url
    tab.snap("events")
    page.goto(shared)  # the URL is the view: a colleague opening it sees the same filtered table
    tab.ready()
    assert page.input_value("#f-type") == "ASSAULT" and page.input_value("input[name=country]") == "SDN"
    assert set(page.locator("tr.event-row .type-chip").all_inner_texts()) == {"ASSAULT"}
    assert tab.errors == []


def test_ui_map_shows_markers_on_the_offline_basemap(tab):
    page = tab.open("?view=map")
    page.wait_for_selector("#map[data-markers]")
    assert int(page.get_attribute("#map", "data-markers")) > 5
    page.wait_for_selector(".leaflet-marker-icon")
    assert page.locator(".leaflet-marker-icon").count() > 0
    assert page.locator(".leaflet-overlay-pane path").count() > 100  # Natural Earth countries
    tab.snap("map")
    assert tab.errors == [] and tab.foreign == []


def test_ui_clicking_an_event_opens_its_article_with_the_evidence_highlighted(tab):
    page = tab.open("?view=events&type=ASSAULT&country=SDN")
    row = page.locator("tr.event-row").first
    event_id = row.get_attribute("data-id")
    evidence = row.locator("td.evidence").inner_text()
    row.click()
    page.wait_for_url(re.compile(r"view=article"))
    tab.ready()
    assert f"event={event_id}" in page.url
    focused = page.locator("#article-text .ann-event.focus")
    assert focused.count() > 0
    highlighted = " ".join("".join(focused.all_inner_texts()).split())
    assert highlighted[:40] == " ".join(evidence.split())[:40]
    assert "event:" in page.locator("#detail").inner_text()
    page.locator("#article-text .ann-place").first.click()
    assert "place:" in page.locator("#detail").inner_text()
    tab.snap("article")
    assert tab.errors == []


def test_ui_timeline_draws_and_brushing_filters_the_dates(tab):
    page = tab.open("?view=timeline")
    assert page.locator("#timeline rect.bar").count() > 3
    tab.snap("timeline")
    box = page.locator("#timeline svg").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.98, y, steps=5)
    page.mouse.up()
    page.wait_for_url(re.compile(r"since=\d{4}-\d{2}-\d{2}.*until=\d{4}-\d{2}-\d{2}"))
    tab.ready()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.input_value("input[name=since]"))
    assert tab.errors == []


def test_ui_network_draws_and_a_node_filters_by_actor(tab):
    page = tab.open("?view=network")
    assert page.locator("#network line.edge").count() > 3
    assert page.locator("#network g.node").count() > 3
    tab.snap("network", full_page=True)
    node = page.locator("#network g.node").first
    name = node.locator("text").text_content()
    node.click()
    page.wait_for_url(re.compile(r"view=events.*actor="))
    tab.ready()
    assert page.input_value("input[name=actor]") == name
    assert tab.errors == []


def test_ui_markup_in_an_article_is_shown_as_text_and_never_runs(tab):
    page = tab.open(f"?view=article&id={XSS_ID}")
    text = page.locator("#article-text").inner_text()
    assert '<script>window.__xss = "script"</script>' in text
    assert "onerror=" in text and "onmouseover=" in text
    assert "<b>police</b>" in page.locator("#article-title").inner_text()
    assert page.locator("#main script, #main img, #main a[href^='javascript']").count() == 0
    for span in page.locator("#article-text span[tabindex]").all()[:40]:
        if span.is_visible():
            span.hover(timeout=2000)
            span.click(timeout=2000)
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__xss") == "undefined"
    tab.open("?view=events&q=gunmen")
    assert page.locator("tr.event-row").count() >= 1
    page.locator("tr.event-row").first.hover()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert tab.errors == []


def test_ui_api_docs_load_from_vendored_assets(tab):
    page = tab.page
    page.goto(f"{tab.base}/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=20_000)
    assert "/events" in page.locator(".opblock-summary-path").all_inner_texts()
    tab.snap("docs")
    assert tab.errors == [] and tab.foreign == []
