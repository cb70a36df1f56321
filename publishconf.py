"""Production settings: `invoke publish` / `make publish` (CI on main)."""

import os
import sys

sys.path.append(os.path.dirname(os.path.abspath(__file__)))
from pelicanconf import *  # noqa: E402,F401,F403

SITEURL = os.environ.get("SITEURL", "https://free-belarus.example.org").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # tasks.publish builds into a fresh directory

CAMPAIGN_COUNTER = {
    **CAMPAIGN_COUNTER,  # noqa: F405
    "strict": True,
    # fail the build when the newest valid data is older than this
    "max_age_hours": 48,
}

# deploy/_headers -> output/_headers: HTTP security headers for hosts that read it
STATIC_PATHS = [*STATIC_PATHS, "../deploy/_headers"]  # noqa: F405
EXTRA_PATH_METADATA = {"../deploy/_headers": {"path": "_headers"}}
