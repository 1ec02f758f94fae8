"""The synthesis screens: evidence per obstacle, the matrix, the notes behind a row.

`screen` is the synthesis; `table` its ranked table; `view` what it shows for one choice of
filters and how that is read; `loading` the worker that reads it; `editing` the obstacle
actions and the screens it opens; `styles` and `bindings` its layout, keys and commands.
`matrix` and `obstacle_notes` are the screens it leads to.
"""
