"""Widgets of the vsd app, one per file. Record text is always shown through `safe_content`."""
