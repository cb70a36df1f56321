"""Where public petition platforms put the count in their JSON.

Each preset maps the fields the counter needs to JSON pointers (RFC 6901)
into the platform's document. ``CAMPAIGN_COUNTER["adapter"]`` names a
preset and the campaign id the data is shown as; its own ``pointers``
override or add to the preset's. See docs/campaign-feed.md.
"""

PRESETS = {
    # The e-petitions software of the UK Parliament (petition.parliament.uk,
    # also run by other parliaments): https://…/petitions/<id>.json
    "uk-parliament": {
        "pointers": {
            "count": "/data/attributes/signature_count",
            "status": "/data/attributes/state",
            "count_at": "/data/attributes/updated_at",
            "ended_at": "/data/attributes/closed_at",
        },
        "status_open": ("open",),
    },
    # The same software's light count endpoint: https://…/petitions/<id>/count.json
    # (the count only: the site takes the time of the fetch as its date).
    "uk-parliament-count": {
        "pointers": {"count": "/signature_count"},
        "status_open": ("open",),
    },
}
