"""The French national standard "Lieux de médiation numérique" (LaMednum, v1.0.2; reads v0.1).

Reading: seed.formats.lieux_mediation_read (files), lieux_mediation_stream (a CSV file row by
row), lieux_mediation_rows (header and rows), lieux_mediation_values (cells),
lieux_mediation_v01 (older vocabulary). Writing: lieux_mediation_write. Column names and their
fields: lieux_mediation_columns.
"""

from seed.formats.lieux_mediation_read import read_lieux_mediation_csv, read_lieux_mediation_json
from seed.formats.lieux_mediation_stream import stream_lieux_mediation_csv
from seed.formats.lieux_mediation_write import write_lieux_mediation_csv

__all__ = [
    "read_lieux_mediation_csv",
    "read_lieux_mediation_json",
    "stream_lieux_mediation_csv",
    "write_lieux_mediation_csv",
]
