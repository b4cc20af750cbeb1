"""Interchange formats; one module per format."""
