"""Running: one document's chain of stages (``document``), a worker's job (``worker``), the batch
with its local and Dask executors, and the corpus writer that gathers the tables."""
