"""The website: collections, rendering, feeds built from parsed cables."""
