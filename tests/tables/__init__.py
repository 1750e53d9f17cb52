"""Task-table test documents (Word, WPS, Excel, HTML, PDF, CSV, legacy and scanned), written by
hand in :mod:`tests.tables.content` and :mod:`tests.tables.content_more`, built into a folder by
:mod:`tests.tables.build`; their hand labels are in ``tests/tables/expected/<doc_id>.json``."""
