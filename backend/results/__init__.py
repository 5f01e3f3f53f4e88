"""Results: the published outcome of each area's ballot, computed by the ``tally`` library from
the counted ballots, and the pabulib interoperability commands (``pb_import``, ``pb_tally``,
``pb_export``)."""
