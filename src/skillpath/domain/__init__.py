"""The pure domain core: rules only. No Django, no I/O, no clock (``now`` is always a parameter)."""
