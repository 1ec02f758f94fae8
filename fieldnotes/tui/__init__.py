"""The Textual terminal app. Only this package imports textual; it reaches data via the façade."""
