"""The Textual terminal app. Only this package imports textual; it reaches data via the façade."""

from fieldnotes.tui.terminal_guard import install as _guard_terminal_output

# Before any app draws: whatever a note holds, its control characters never reach the terminal.
_guard_terminal_output()
