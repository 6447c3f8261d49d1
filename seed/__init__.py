"""Data in and out: the bundled Dijon dataset, formats, importers and exporters."""
