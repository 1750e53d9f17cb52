"""Input and output: readers and formats in (bytes to decoded text); tables, workbook, SQLite,
Stata and the output folder out. I/O imports stages, never the reverse."""
