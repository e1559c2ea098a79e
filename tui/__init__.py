"""Terminal front end: the Textual app and the `vsd` command line."""
