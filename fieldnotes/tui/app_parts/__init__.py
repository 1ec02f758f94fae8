"""The parts `FieldnotesApp` is made of: each is a mixin over `AppPart`, one concern apiece.

`stopping` ends the process safely (signals, a lost terminal, a crash); `locking` unlocks, locks
and offers drafts back; `opening` opens every screen and dialog the app's keys reach; `keys`
holds keys pressed as a screen changes; `commands` holds the global bindings and the palette's
system commands.
"""
