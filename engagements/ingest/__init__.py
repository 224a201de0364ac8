"""The write path: store a readout (never lost), parse it, match what it names to rows on
record, and save the rows. Modules: ``cleaning`` and ``sources`` (the text in), ``store``,
``parse``, ``keys`` and ``match`` (one row per person, agreement, exercise), ``save``, and
``imports`` (many files in batches).

Nothing is imported here: ``keys`` and ``cleaning`` are used without models (the synthetic
generator), so the package itself must not load them.
"""
