"""security_headers: the HTTP headers file (``_headers``) in the output,
with the site's one Content-Security-Policy (site_config/csp.py); the nginx
example comes from the same code (``invoke deploy-config``)."""

from pelican import signals

from pelican.plugins.site_config.wiring import connect

from . import files


def register():
    connect(signals.finalized, files.on_finalized)
