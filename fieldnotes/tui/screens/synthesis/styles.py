"""The synthesis's layout: the filter bar, the legend, the ranked table over the detail pane;
`-wide` gives the table more room, `-narrow` drops the count. It is the screen's DEFAULT_CSS,
so the synthesis looks the same in any app that pushes it."""

SYNTHESIS_CSS = """
SynthesisScreen {
    layout: vertical;
    & #synthesis-bar {
        height: 1;
        background: $panel;
        padding: 0 1;
    }
    & #synthesis-bar Label { width: auto; margin: 0 1 0 0; color: $text-muted; }
    & #synthesis-bar Input { width: 12; margin: 0 2 0 0; }
    & #synthesis-bar Input.-invalid { color: $text-error; }
    & #synthesis-bar Select { width: 1fr; max-width: 40; }
    & #synthesis-count { width: 1fr; text-align: right; color: $text-muted; }
    & #synthesis-legend { height: auto; padding: 0 1; background: $panel-darken-1; }
    & #synthesis-message { height: auto; padding: 0 1; color: $text-error; display: none; }
    & #synthesis-message.-shown { display: block; }
    & #obstacles { height: 1fr; }
    & #detail { height: 1fr; border-top: solid $primary; }
    &.-wide #obstacles { height: 3fr; }
    &.-wide #detail { height: 2fr; }
    &.-narrow #synthesis-count { display: none; }
}
"""
