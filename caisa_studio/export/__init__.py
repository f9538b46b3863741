"""Turning designs and findings into documents: JSON, SARIF, text (and, later, PDF and images).

Only the image renderer may use QtGui; everything else here runs without Qt.
"""
