"""Drawing designs: one renderer shared by the canvas and the image/PDF exporters.

QtGui and QtSvg only (no QtWidgets), so exports work headless from the CLI.
"""
