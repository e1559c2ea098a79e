"""Widgets of the vsd app, one per file. Record text reaches the screen only as
`Content`/`Text` objects built from `tui.safe.plain(...)`, never as markup strings."""
