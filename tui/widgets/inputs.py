"""Inputs whose enter key is listed in the footer with what it does here."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input

from ..keys import SPEC_BY_ID


class SubmitInput(Input):
    def __init__(self, *args, submit_label: str = "OK", **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Per instance (a copy of the class map): replace Input's hidden enter binding.
        spec = SPEC_BY_ID["dialog_ok"]
        self._bindings.key_to_bindings["enter"] = [Binding("enter", "submit", submit_label, id=spec.id)]
