"""The codebook's layout: two tabs, each a tree beside the details of what is selected, and
`-wide` (the obstacle tree takes more room). It is the screen's DEFAULT_CSS, so the codebook
looks the same in any app that pushes it."""

CODEBOOK_CSS = """
CodebookScreen {
    layout: vertical;
}
CodebookScreen #codebook-title {
    height: 1;
    background: $panel;
    padding: 0 1;
    text-style: bold;
}
CodebookScreen TabbedContent {
    height: 1fr;
}
CodebookScreen TabPane {
    padding: 0;
}
CodebookScreen .split {
    height: 1fr;
}
CodebookScreen .split Tree {
    width: 45%;
    min-width: 30;
    height: 100%;
    border-right: vkey $foreground 20%;
    padding: 0 1 0 0;
}
CodebookScreen.-wide .split Tree {
    width: 55%;
}
CodebookScreen .detail {
    width: 1fr;
    height: 100%;
    padding: 0 1;
    /* Always room for the scrollbar: otherwise text that fits only without it, and needs
       it once wrapped one column narrower, is laid out either way depending on whether
       the previous obstacle's details had one (its notes arrive from a worker). */
    scrollbar-gutter: stable;
}
CodebookScreen .detail-head {
    text-style: bold;
}
CodebookScreen .detail-text {
    margin: 1 0 0 0;
}
CodebookScreen .section-title {
    text-style: bold;
    margin: 1 0 0 0;
    color: $text-accent;
}
CodebookScreen .detail OptionList {
    height: auto;
    max-height: 12;
    border: none;
    padding: 0;
    text-wrap: nowrap;
    text-overflow: ellipsis;
}
CodebookScreen .detail OptionList:blur > .option-list--option-highlighted {
    background: transparent;
}
CodebookScreen .empty {
    color: $text-muted;
    text-style: italic;
}
"""
