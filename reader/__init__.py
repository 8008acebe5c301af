"""reader: a terminal reader and annotator for research collections of news articles."""

__version__ = "0.1.0"
