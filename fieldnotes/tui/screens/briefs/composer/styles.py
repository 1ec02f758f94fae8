"""The composer's layout: four tabs of forms, and `-passphrase` (a passphrase box instead of
the leaders' keys). It is the screen's DEFAULT_CSS, so the composer looks the same in any app
that pushes it."""

COMPOSER_CSS = """
BriefComposerScreen {
    layout: vertical;
    & #composer-head { height: 1; background: $panel; padding: 0 1; }
    & TabbedContent { height: 1fr; }
    & TabPane { padding: 0; }
    & .form { padding: 0 1; height: 1fr; }
    & .field-label { color: $text-muted; margin: 1 0 0 0; height: 1; }
    & .hint { color: $text-muted; text-style: italic; height: auto; }
    & .error { color: $text-error; height: auto; }
    & .-empty { display: none; }
    & .row { height: auto; margin: 1 0 0 0; }
    & .row Input { width: 1fr; }
    & .row Label { width: auto; margin: 0 1 0 0; color: $text-muted; }
    & .row Label.between { margin: 0 1; }
    & .row #since { width: 14; }
    & .row #until { width: 14; }
    & #summary { height: 6; }
    & #obstacles { height: auto; max-height: 16; }
    & #leaders { height: auto; max-height: 8; }
    & #add-leader { width: auto; min-width: 8; margin: 0 0 0 1; }
    & #keys-box { height: auto; }
    & #passphrase-box { height: auto; }
    & #passphrase-box { display: none; }
    &.-passphrase #passphrase-box { display: block; }
    &.-passphrase #keys-box { display: none; }
    & #format { height: auto; width: 1fr; }
    & #preview-scroll { height: 1fr; }
    & #preview-note { padding: 0 1; color: $text-warning; height: auto; }
    & #export-log { height: 1fr; }
    & #exports-empty { padding: 1 2; color: $text-muted; height: auto; }
}
"""
