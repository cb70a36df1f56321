"""campaign_counter: feed parsing, the JSON Schema and the semantic checks."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import jsonschema
import pytest

from pelican.plugins.campaign_counter import model, validation
from pelican.plugins.campaign_counter.parsing import ParseError, parse_document
from tests.test_counter_support import FEEDS, ROOT, good_bytes, good_document, set_at

NOW = datetime(2024, 6, 1, tzinfo=UTC)
SAMPLE = ROOT / "content" / "data" / "campaign-feed.sample.json"


def problems_of(document):
    return [str(problem) for problem in validation.validate(document, now=NOW)]


def test_schema_is_valid_draft_2020_12():
    schema = validation.load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_good_test_feed_has_no_problems():
    assert problems_of(good_document()) == []


def test_offline_feed_is_valid_and_carries_only_the_seed_figures():
    document = json.loads(SAMPLE.read_text("utf-8"))
    assert validation.validate(document) == []
    feed = model.feed_from_document(document)
    assert feed.sample is True
    kolesnikova = feed.get("kolesnikova")
    assert kolesnikova.ended
    assert [(m.count, m.reached_at.isoformat()) for m in kolesnikova.milestones] == [
        (10, "2021-03-18T10:17:41+01:00"),
        (25, "2021-03-18T11:33:58+01:00"),
        (50, "2021-03-18T23:34:38+01:00"),
        (100, "2021-04-02T17:59:17+02:00"),
    ]
    assert (kolesnikova.total, kolesnikova.count_qualifier) == (100, "at_least")
    joint = feed.get("joint-100k")
    assert (joint.total, joint.count_qualifier, joint.ended) == (100_000, "more_than", True)
    assert joint.count_at.isoformat() == "2022-12-09T09:30:00+01:00"
    assert not any(campaign.offline for campaign in feed.campaigns)
    letter = feed.get("open-letter-bialiatski")
    assert (letter.total, letter.unit, letter.status) == (131, "signatories", "ended")


def test_model_keeps_offsets_and_adds_offline_to_the_total():
    feed = model.feed_from_document(good_document())
    drive = feed.get("open-drive")
    assert drive.total == 2200 and drive.offline_count == 10
    assert drive.milestones[0].reached_at.utcoffset().total_seconds() == 7200
    assert feed.get("letter-sigs").unit == "signatories"
    assert feed.get("nope") is None


def _delete(path):
    def mutate(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]

    return mutate


def _append_duplicate(document):
    document["campaigns"].append(dict(document["campaigns"][1]))


C0 = ["campaigns", 0]
M = C0 + ["milestones"]

# (case, mutation, JSON path of the problem, words of its message)
BAD_DOCUMENTS = [
    ("version missing", _delete(["version"]), "$", "missing required field \"version\""),
    ("unknown version", set_at(["version"], 2), "$.version", "must be 1"),
    ("campaigns missing", _delete(["campaigns"]), "$", "\"campaigns\""),
    ("campaigns not a list", set_at(["campaigns"], {"a": 1}), "$.campaigns", "must be a list"),
    ("count as text", set_at(C0 + ["count"], "2190"), "$.campaigns[0].count", "whole number, not a text"),
    ("negative count", set_at(C0 + ["count"], -5), "$.campaigns[0].count", "at least 0"),
    ("decimal count", set_at(C0 + ["count"], 21.5), "$.campaigns[0].count", "whole number"),
    ("integral float count", set_at(C0 + ["count"], 2190.0), "$.campaigns[0].count", "without a decimal point"),
    ("unknown count qualifier", set_at(C0 + ["count_qualifier"], "about"), "$.campaigns[0].count_qualifier", "must be one of"),
    ("boolean count", set_at(C0 + ["count"], True), "$.campaigns[0].count", "whole number"),
    ("absurd count", set_at(C0 + ["count"], 10**15), "$.campaigns[0].count", "at most 1000000000"),
    ("null count", set_at(C0 + ["count"], None), "$.campaigns[0].count", "not null"),
    ("timestamp without offset", set_at(C0 + ["count_at"], "2024-05-02T08:30:00"), "$.campaigns[0].count_at", "UTC offset"),
    ("timestamp as date only", set_at(C0 + ["count_at"], "2024-05-02"), "$.campaigns[0].count_at", "date and time"),
    ("impossible date", set_at(C0 + ["count_at"], "2024-02-30T08:30:00+02:00"), "$.campaigns[0].count_at", "not a real date"),
    ("unknown status", set_at(C0 + ["status"], "paused"), "$.campaigns[0].status", "one of \"open\", \"ended\""),
    ("malformed unit name", set_at(C0 + ["unit"], "<b>Votes"), "$.campaigns[0].unit", "lower-case"),
    ("upper-case id", set_at(C0 + ["id"], "Open-Drive"), "$.campaigns[0].id", "lower-case"),
    ("markup in id", set_at(C0 + ["id"], "<script>"), "$.campaigns[0].id", "lower-case"),
    ("unknown field", set_at(C0 + ["cout"], 3), "$.campaigns[0]", "unknown field \"cout\""),
    ("10 KB title", set_at(C0 + ["title"], "A" * 10_240), "$.campaigns[0].title", "too long: 10240"),
    ("control character", set_at(C0 + ["offline", 0, "source"], "paper\nlists"), "$.campaigns[0].offline[0].source", "control characters"),
    ("empty source", set_at(C0 + ["offline", 0, "source"], ""), "$.campaigns[0].offline[0].source", "must not be empty"),
    ("ended_at while open", set_at(C0 + ["ended_at"], "2024-05-01T00:00:00+02:00"), "$.campaigns[0]", "\"ended_at\" but its status is \"open\""),
    ("milestone counts not rising", set_at(M + [1, "count"], 900), "$.campaigns[0].milestones[1].count", "must rise"),
    ("milestone times not rising", set_at(M + [1, "reached_at"], "2024-03-01T12:00:00+01:00"), "$.campaigns[0].milestones[1].reached_at", "time order"),
    ("count below a milestone", set_at(C0 + ["count"], 1500), "$.campaigns[0].milestones[1].count", "above the total of 1510"),
    ("milestone after count_at", set_at(M + [1, "reached_at"], "2024-05-02T09:00:00+02:00"), "$.campaigns[0].milestones[1].reached_at", "later than count_at"),
    ("count taken after generated_at", set_at(C0 + ["count_at"], "2024-05-03T00:00:00+02:00"), "$.campaigns[0].count_at", "later than the document's generated_at"),
    ("generated in the future", set_at(["generated_at"], "2031-01-01T00:00:00+00:00"), "$.generated_at", "in the future"),
    ("duplicate campaign id", _append_duplicate, "$.campaigns[3].id", "used twice"),
    ("too many offline sources", set_at(C0 + ["offline"], [{"source": "x", "count": 1}] * 21), "$.campaigns[0].offline", "at most 20"),
    ("goal zero", set_at(C0 + ["goal"], 0), "$.campaigns[0].goal", "at least 1"),
    ("empty object", lambda d: d.clear(), "$", "missing required field"),
]


@pytest.mark.parametrize(
    "mutate,path,words", [case[1:] for case in BAD_DOCUMENTS], ids=[case[0] for case in BAD_DOCUMENTS]
)
def test_bad_document_is_refused_with_a_located_plain_problem(mutate, path, words):
    document = good_document()
    mutate(document)
    problems = validation.validate(document, now=NOW)
    assert problems, "the document should have been refused"
    matching = [p for p in problems if p.path == path]
    assert matching, f"no problem at {path}: {[str(p) for p in problems]}"
    assert words in matching[0].message
    for problem in problems:  # one short line each, whatever the input size
        assert "\n" not in str(problem) and len(str(problem)) < 400


def test_non_object_documents_are_refused():
    for document in ([], "feed", 3, None):
        assert validation.validate(document, now=NOW)[0].path == "$"


def test_correction_is_accepted_by_the_schema():
    document = good_document()
    document["campaigns"][0]["correction"] = {
        "at": "2024-05-02T08:00:00+02:00",
        "reason": "duplicates removed",
    }
    assert problems_of(document) == []


def test_problem_messages_quote_hostile_values_short_and_ascii_only():
    document = good_document()
    document["campaigns"][0]["status"] = "\u202e<script>" + "x" * 5000
    (problem,) = validation.validate(document, now=NOW)
    assert "\u202e" not in str(problem) and "<script>" in str(problem)
    assert len(str(problem)) < 200


def test_summarize_names_the_first_problems_and_counts_the_rest():
    document = good_document()
    for campaign in document["campaigns"]:
        campaign["count"] = "many"
    problems = validation.validate(document, now=NOW)
    line = validation.summarize(problems, limit=1)
    assert line.startswith("$.campaigns[0].count: must be a whole number")
    assert line.endswith("and 2 more")


# --- bytes → document ------------------------------------------------------

BAD_BODIES = [
    ("empty body", b"", "empty"),
    ("only whitespace", b"  \n ", "empty"),
    ("HTML error page", (FEEDS / "error-page.html").read_bytes(), "HTML"),
    ("truncated JSON", (FEEDS / "truncated.json").read_bytes(), "ends early"),
    ("Latin-1 bytes", '{"note": "Müller"}'.encode("latin-1"), "not UTF-8"),
    ("NaN", b'{"count": NaN}', "NaN is not allowed"),
    ("Infinity", b'{"count": -Infinity}', "Infinity is not allowed"),
    ("duplicate key", b'{"version": 1, "version": 2}', "appears twice"),
    ("deep nesting", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("trailing garbage", b'{"version": 1} trailing', "not valid JSON"),
    ("single quotes", b"{'version': 1}", "not valid JSON"),
]


@pytest.mark.parametrize(
    "body,words", [case[1:] for case in BAD_BODIES], ids=[case[0] for case in BAD_BODIES]
)
def test_bad_body_is_refused_with_a_one_line_reason(body, words):
    with pytest.raises(ParseError) as caught:
        parse_document(body)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_good_body_parses_with_or_without_bom():
    assert parse_document(good_bytes())["version"] == 1
    assert parse_document(b"\xef\xbb\xbf" + good_bytes())["version"] == 1
