"""Each fixture site's whole output equals its recorded tree (tests/data/<site>/expected/).

Re-record after a deliberate change: `invoke record-fixtures`, then review the diff.
"""

from __future__ import annotations

from tests.conftest import MINI_SITE, OPEN_CAMPAIGN
from tests.recorded import differences


def test_the_mini_site_builds_exactly_as_recorded(mini_site):
    problems = differences(mini_site.output_path, MINI_SITE / "expected")
    assert not problems, "\n\n".join(problems[:10]) + "\n\n(re-record deliberate changes: invoke record-fixtures)"


def test_the_second_campaign_builds_exactly_as_recorded(open_campaign):
    problems = differences(open_campaign.output_path, OPEN_CAMPAIGN / "expected")
    assert not problems, "\n\n".join(problems[:10]) + "\n\n(re-record deliberate changes: invoke record-fixtures)"
