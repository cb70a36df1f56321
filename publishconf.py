"""Production settings: `invoke publish` / `make publish` (CI on main)."""

import os
import runpy
from pathlib import Path

# Everything from pelicanconf.py, then the production overrides below.
_DEV = runpy.run_path(str(Path(__file__).with_name("pelicanconf.py")))
globals().update({name: value for name, value in _DEV.items() if name.isupper()})

SITEURL = os.environ.get("SITEURL", "https://free-belarus.example.org").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = False  # tasks.publish builds into a fresh directory
# CI restores cache/ from its cache between runs: compiled templates (code the build runs)
# are not taken from there; the production build compiles them anew (a fraction of a second).
TEMPLATE_CACHE_PATH = ""

CAMPAIGN_COUNTER = {
    **_DEV["CAMPAIGN_COUNTER"],
    "strict": True,
    # fail the build when the newest valid data is older than this
    "max_age_hours": 48,
}
# output/_headers (HTTP security headers for hosts that read it) is written
# by the security_headers plugin from CONTENT_SECURITY_POLICY.
