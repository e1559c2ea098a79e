"""Sub-commands of `vsd`, one module each.

Every module here defines `register(subparsers)`, which adds its parser and
sets `func` (called with the parsed args, returns the exit code), and an
integer `ORDER` for the help listing. `tui.cli` discovers them, so adding a
command never touches a shared list.
"""
