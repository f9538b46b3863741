"""Files in the studio: the start dialog, autosave and crash recovery, import, and background exports.

Everything here works through the main window's public file methods (``replace_design``,
``confirm_discard``, ``open_path``, ``report_error``) and the io/export layers below the UI.
"""
