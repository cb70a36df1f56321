"""security_headers: the HTTP headers file (``_headers``) in the output,
with the site's one Content-Security-Policy (site_config/csp.py); the nginx
example comes from the same code (``invoke deploy-config``)."""

from pelican import signals

from . import files


def register():
    signals.finalized.connect(files.on_finalized)
