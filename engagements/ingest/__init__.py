"""The write path: store a readout (never lost), parse it, match what it names to rows on
record, and save the rows.

``pipeline`` holds the services every way in calls; ``cleaning`` and ``sources`` bring the
text in; ``store``, ``parse``, ``match`` (with ``keys`` and ``lookups``) and ``save`` are the
steps; ``results`` is what a readout came to; ``imports`` runs many files in batches;
``corrections`` says what an editor's correction means.

Nothing is imported here: ``keys`` and ``cleaning`` serve the synthetic generator without
models, so the package itself must not load them.
"""
