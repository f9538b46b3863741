"""CAISA Studio: an offline design studio for secure AI system architecture."""

__version__ = "0.1.0"
