"""The committed deploy/ files are what the settings generate (run
`invoke deploy-config` after changing CONTENT_SECURITY_POLICY, LANGUAGES or
SITEURL)."""

import pytest

from pelican.plugins.security_headers.files import render_headers, render_nginx
from tests.sitebuild import ROOT
from tools.check import load_settings


@pytest.fixture
def publish_settings(monkeypatch):
    for name in ("SITEURL", "CAMPAIGN_FEED"):
        monkeypatch.delenv(name, raising=False)
    return load_settings(str(ROOT), "publishconf.py")


@pytest.mark.parametrize("name,render", [("_headers", render_headers), ("nginx.conf.example", render_nginx)])
def test_committed_deploy_file_matches_the_settings(publish_settings, name, render):
    assert (ROOT / "deploy" / name).read_text("utf-8") == render(publish_settings), \
        f"deploy/{name} lags behind the settings: run invoke deploy-config"
