"""The findings panel's parts: table model and filter proxy, the table's look, filter bar, details pane
and its documentation text, actions and buttons, quick fixes and their action, risk decisions and the
status dialog, and which rows a rename concerns. ``caisa_studio.ui.findings_panel.FindingsPanel``
assembles them."""
