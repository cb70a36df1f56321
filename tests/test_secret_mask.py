"""tools/secret_mask.py: every part of the feed URL a log line can print is masked."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from pelican.plugins.campaign_counter import fetching
from tools.secret_mask import parts_to_mask

ROOT = pathlib.Path(__file__).resolve().parent.parent
FEEDS = [
    "https://counter.example.net/t0k3n-5ecret-path/feed.json",
    "https://user:p4ssw0rd@counter.example.net:8443/feed.json?key=abcdef123456",
    "https://counter.example.net/feed.json?key=abcdef123456#frag",
]


def as_github_shows(line: str, masks: list[str]) -> str:
    for mask in masks:  # longest first, as the tool prints them
        line = line.replace(mask, "***")
    return line


@pytest.mark.parametrize("feed", FEEDS)
def test_what_the_build_log_prints_of_the_feed_is_masked(feed):
    masks = parts_to_mask(feed)
    secrets = ["t0k3n-5ecret-path", "p4ssw0rd", "abcdef123456", "counter.example.net"]
    log_lines = [
        f"campaign_counter: fetching {fetching.describe_location(feed)}",
        f"urllib: <urlopen error [Errno -2] Name or service not known: '{urlsplit(feed).hostname}'>",
        f"HTTP 404 for {feed.split('://', 1)[1].split('?')[0].split('@')[-1]}",
        f"the full value {feed}",
    ]
    for line in log_lines:
        shown = as_github_shows(line, masks)
        assert not any(secret in shown for secret in secrets), shown


def test_short_common_words_are_not_masked():
    masks = parts_to_mask(FEEDS[0])
    assert "feed.json" not in masks and "https" not in masks
    assert parts_to_mask("") == [] and parts_to_mask("content/data/feed.json") == ["content/data/feed.json"]


def test_the_command_reads_the_value_from_the_environment_not_the_command_line():
    env = {**os.environ, "CAMPAIGN_FEED": FEEDS[0]}
    run = subprocess.run([sys.executable, "tools/secret_mask.py", "CAMPAIGN_FEED"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60, check=False)
    assert run.returncode == 0
    lines = run.stdout.splitlines()
    assert lines[0] == f"::add-mask::{FEEDS[0]}" and all(line.startswith("::add-mask::") for line in lines)
    assert "::add-mask::t0k3n-5ecret-path" in lines
