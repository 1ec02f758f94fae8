"""The codebook screen: the obstacle tree, its notes and memos, and the practice principles.

`screen` is the screen; `tree` the obstacle tree's widget; `obstacles` and `principles` the
parts that build each tab's tree and show what is selected; `note_lists` the worker that
reads the notes under either; `editing` the obstacle actions; `styles` and `bindings` its
layout and keys.
"""
