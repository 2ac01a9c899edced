"""ntreader: a terminal reader for close reading of Chinese official reports."""

__version__ = "0.1.0"
