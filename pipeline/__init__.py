"""ocrfix: OCR correction and quality control for Russian archival typescripts."""
__version__ = "0.1.0"
