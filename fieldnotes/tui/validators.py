"""Input validators shared by every screen and dialog that asks for a date."""

from __future__ import annotations

from textual.validation import ValidationResult, Validator

from fieldnotes.tui.format import parse_day


class DayValidator(Validator):
    """A date as YYYY-MM-DD, or blank; a failure says what was typed and what a date is like."""

    def validate(self, value: str) -> ValidationResult:
        try:
            parse_day(value)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()
