"""The findings panel's parts: table model and filter proxy, filter bar, documentation text,
quick fixes and the status dialog. ``caisa_studio.ui.findings_panel.FindingsPanel`` assembles them."""
