"""Widgets of the vsd app, one per file. Record text reaches the screen only as
`Content`/`Text` objects built from `directory.safe_text.plain(...)`, never as markup strings."""
