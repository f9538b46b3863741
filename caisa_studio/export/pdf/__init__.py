"""The PDF design report (reportlab platypus), one module per part of the document.

``report.build_pdf_report`` assembles it; the diagram pages are drawn by the shared renderer (through
``export.diagram_image``) as vector PDF and drawn on their pages as form XObjects.
"""
