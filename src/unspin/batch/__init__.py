"""Batch analysis: a whole corpus on one machine or a Dask cluster, with no lost and no repeated work.

    INPUT (folder / JSONL / CSV / Parquet), streamed  ->  chunks of K articles
        -> analysed in-process or on Dask workers (each worker loads the models once)
        -> each chunk committed as one Parquet part file (tmp + os.replace) or one DuckDB transaction
    OUTPUT: one row per article; a rerun of the same command skips the ids already committed.

``sources`` reads inputs, ``rows`` turns a Report into a row, ``store`` commits rows,
``runner`` drives a run, ``summary`` makes the corpus HTML summary. Nothing here is imported by
``import unspin``; pyarrow, duckdb and dask are imported only where used.
"""

from __future__ import annotations

from .runner import BatchResult, BatchSettings, run_batch

__all__ = ["BatchResult", "BatchSettings", "run_batch"]
