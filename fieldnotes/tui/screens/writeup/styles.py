"""The write-up screen's layout: narrow (stacked) and `-wide` (side by side), and `-jotting`
(only what a jotting needs). It is the screen's DEFAULT_CSS, so the editor looks the same
in any app that pushes it."""

WRITEUP_CSS = """
WriteUpScreen {
    layout: vertical;
}
WriteUpScreen #title-bar {
    height: 1;
    background: $panel;
    padding: 0 1;
}
WriteUpScreen #writeup-title {
    width: 1fr;
    text-style: bold;
    text-wrap: nowrap;
    text-overflow: ellipsis;
}
WriteUpScreen #draft-status {
    width: auto;
    max-width: 50%;
    margin: 0 0 0 2;
    color: $text-muted;
    text-wrap: nowrap;
    text-overflow: ellipsis;
}
WriteUpScreen #form {
    height: 1fr;
    padding: 0 1;
}
WriteUpScreen #jotting-banner {
    display: none;
    background: $warning 15%;
    color: $text-warning;
    padding: 0 1;
    margin: 1 0 0 0;
}
WriteUpScreen.-jotting #jotting-banner {
    display: block;
}
WriteUpScreen.-jotting .writeup-only {
    display: none;
}
WriteUpScreen #meta {
    layout: grid;
    grid-size: 2;
    grid-columns: 10 1fr;
    grid-rows: 1;
    grid-gutter: 0 1;
    height: auto;
}
WriteUpScreen.-wide #meta {
    grid-size: 4;
    grid-columns: 10 1fr 10 1fr;
}
WriteUpScreen.-wide #participants {
    column-span: 3;
}
WriteUpScreen #meta Label {
    color: $text-muted;
}
WriteUpScreen .hint {
    color: $text-muted;
    text-style: italic;
    padding: 0 0 0 11;
}
WriteUpScreen #when-error {
    display: none;
    color: $text-error;
    padding: 0 0 0 11;
}
WriteUpScreen #when-error.-shown {
    display: block;
}
WriteUpScreen #body {
    layout: vertical;
    height: auto;
    margin: 1 0 0 0;
}
WriteUpScreen #description-pane {
    height: auto;
}
WriteUpScreen #description, WriteUpScreen #preview-scroll {
    height: 12;
    border: round $foreground 40%;
    border-title-color: $text;
    border-title-style: bold;
}
WriteUpScreen #description:focus, WriteUpScreen #preview-scroll:focus {
    border: round $primary;
}
WriteUpScreen #preview-scroll {
    display: none;
}
WriteUpScreen.-previewing #preview-scroll {
    display: block;
}
WriteUpScreen.-previewing #description {
    display: none;
}
WriteUpScreen #asides {
    height: 8;
    margin: 1 0 0 0;
    border: dashed $warning 60%;
    background: $warning 6%;
    border-title-color: $text-warning;
    border-title-style: italic;
}
WriteUpScreen #asides:focus {
    border: dashed $warning;
}
WriteUpScreen.-wide #body {
    layout: horizontal;
    height: 20;
}
WriteUpScreen.-wide #description-pane {
    width: 3fr;
    height: 100%;
}
WriteUpScreen.-wide #description, WriteUpScreen.-wide #preview-scroll {
    height: 100%;
}
WriteUpScreen.-wide #asides {
    width: 2fr;
    height: 100%;
    margin: 0 0 0 1;
}
WriteUpScreen.-jotting.-wide #body {
    height: 14;
}
WriteUpScreen .section-title {
    text-style: bold;
    margin: 1 0 0 0;
}
WriteUpScreen #quotes-section, WriteUpScreen #quotes {
    height: auto;
}
WriteUpScreen #consent {
    height: 4;
    margin: 1 0 0 0;
}
WriteUpScreen #follow-up {
    height: 5;
    margin: 1 0 0 0;
}
WriteUpScreen #consent, WriteUpScreen #follow-up {
    border: round $foreground 30%;
    border-title-color: $text;
}
WriteUpScreen #consent:focus, WriteUpScreen #follow-up:focus {
    border: round $primary;
}
WriteUpScreen #links {
    layout: vertical;
    height: auto;
}
WriteUpScreen.-wide #links {
    layout: horizontal;
}
WriteUpScreen #principles-section, WriteUpScreen #obstacles-section {
    height: auto;
}
WriteUpScreen.-wide #principles-section {
    width: 1fr;
    margin: 0 1 0 0;
}
WriteUpScreen.-wide #obstacles-section {
    width: 1fr;
}
WriteUpScreen #form-end {
    height: 1;
}
"""
