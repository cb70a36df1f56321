"""campaign_counter: theme/static/js/counter-live.js run under Node with a
tiny stand-in DOM (skipped where Node is not installed)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from tests.test_counter_support import ROOT

SCRIPT = ROOT / "theme" / "static" / "js" / "counter-live.js"
NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")

# A minimal DOM: one counter section as the partial renders it, fetch
# answering with the given feed (or failing), then a dump of what changed.
HARNESS = r"""
const fs = require("fs");
const [scriptPath, caseJson] = process.argv.slice(2);
const CASE = JSON.parse(caseJson);
function el(name, attrs) {
  return { name, attrs: Object.assign({}, attrs || {}), children: [], hidden: false,
    getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; },
    setAttribute(k, v) { this.attrs[k] = String(v); },
    get firstChild() { return this.children[0] || null; },
    removeChild(c) { this.children.splice(this.children.indexOf(c), 1); },
    appendChild(c) { this.children.push(c); },
    set textContent(t) { this.children = [{ text: String(t) }]; },
    get textContent() { return this.children.map(c => c.text !== undefined ? c.text : c.textContent).join(""); },
    querySelector(sel) { return this.parts[sel] || null; } };
}
const headline = el("span", { "data-cc-headline": "" });
headline.textContent = "2 200 подписей";
const progress = el("progress"); progress.max = 2500; progress.value = 2200;
const progressText = el("span", { "data-cc-progress-text": "" });
const asOf = el("p", { "data-cc-as-of": "" });
const section = el("section", CASE.attrs);
section.parts = { "[data-cc-headline]": headline, "progress": progress,
  "[data-cc-progress-text]": progressText, "[data-cc-as-of]": asOf };
global.window = global;
global.document = { readyState: "complete", documentElement: { lang: "ru" },
  querySelectorAll(sel) { return sel.startsWith("[data-cc-live]") && !("data-cc-bound" in section.attrs) ? [section] : []; },
  createElement: (name) => el(name), createTextNode: (text) => ({ text }) };
let requested = [];
global.fetch = (url, options) => { requested.push([url, options.mode, options.credentials]);
  return CASE.fail ? Promise.reject(new Error("offline"))
    : Promise.resolve({ ok: CASE.status === undefined, status: CASE.status || 200, json: () => Promise.resolve(CASE.feed) }); };
eval(fs.readFileSync(scriptPath, "utf8"));
setTimeout(() => {
  const strong = headline.children.find(c => c.name === "strong");
  console.log(JSON.stringify({ requested, headline: headline.textContent,
    number: strong ? strong.textContent : null, numberClass: strong ? strong.className : null,
    max: progress.max, value: progress.value, progressText: progressText.textContent,
    percent: progress.textContent, asOfHidden: asOf.hidden, total: section.attrs["data-cc-total"] }));
}, 50);
"""

ATTRS = {
    "data-cc-live": "",
    "data-cc-campaign": "open-drive",
    "data-cc-feed": "https://petition.example/feed.json",
    "data-cc-lang": "ru",
    "data-cc-total": "2200",
    "data-cc-goals": "2000 2500 5000 10000 25000",
    "data-cc-min": "0",
    "data-cc-count-forms": json.dumps({"few": "{num} подписи", "many": "{num} подписей", "one": "{num} подпись"}),
    "data-cc-progress-forms": json.dumps(
        {"few": "{num} из {goal} подписей", "many": "{num} из {goal} подписей", "one": "{num} из {goal} подписи"}
    ),
}


def feed(count, offline=0, campaign_id="open-drive"):
    return {"campaigns": [{"id": campaign_id, "count": count, "offline": [{"source": "x", "count": offline}]}]}


def run(tmp_path, **case):
    case.setdefault("attrs", ATTRS)
    harness = tmp_path / "harness.js"
    harness.write_text(HARNESS, "utf-8")
    done = subprocess.run(
        [NODE, str(harness), str(SCRIPT), json.dumps(case)], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_script_is_small_and_external():
    assert SCRIPT.stat().st_size < 8_000


def test_new_count_is_formatted_and_pluralized_for_the_page_language(tmp_path):
    out = run(tmp_path, feed=feed(2620, offline=2))
    assert out["requested"] == [["https://petition.example/feed.json", "cors", "omit"]]
    assert out["headline"] == "2\u00a0622 подписи" and out["number"] == "2\u00a0622"
    assert out["numberClass"] == "cc-number"
    assert (out["max"], out["value"]) == (5000, 2622)  # 2,500 passed: next ladder step
    assert out["progressText"] == "2\u00a0622 из 5\u00a0000 подписей"
    assert out["asOfHidden"] is True and out["total"] == "2622"


@pytest.mark.parametrize(
    "case",
    [
        {"fail": True},
        {"status": 500, "feed": feed(3000)},
        {"feed": feed(2100)},  # lower than the page: never shown
        {"feed": feed("3000")},  # wrong type
        {"feed": feed(3000.5)},
        {"feed": feed(3000, campaign_id="other")},
        {"feed": {"campaigns": "nope"}},
        {"feed": None},
    ],
    ids=["network error", "HTTP 500", "lower count", "text count", "decimal", "unknown id", "bad shape", "null"],
)
def test_build_time_figure_stays_when_the_live_data_is_unusable(tmp_path, case):
    out = run(tmp_path, **case)
    assert out["headline"] == "2 200 подписей" and out["number"] is None
    assert (out["max"], out["value"]) == (2500, 2200) and out["asOfHidden"] is False


def test_markup_in_a_template_is_inserted_as_text(tmp_path):
    attrs = dict(ATTRS, **{"data-cc-count-forms": json.dumps({"few": "<img src=x onerror=alert(1)>{num}", "many": "{num}", "one": "{num}"})})
    out = run(tmp_path, attrs=attrs, feed=feed(2622))
    assert out["headline"] == "<img src=x onerror=alert(1)>2\u00a0622"  # a text node, not markup
    source = SCRIPT.read_text("utf-8")
    assert ".innerHTML" not in source and "insertAdjacentHTML" not in source and "eval(" not in source


def test_non_http_feed_urls_are_never_fetched(tmp_path):
    attrs = dict(ATTRS, **{"data-cc-feed": "javascript:alert(1)"})
    out = run(tmp_path, attrs=attrs, feed=feed(3000))
    assert out["requested"] == [] and out["headline"] == "2 200 подписей"
