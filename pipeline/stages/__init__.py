"""The stages, one folder each, in flow order.

``normalize`` → ``structure`` (which reads its responsibility lists with ``lists``) → ``segment``
→ ``detect`` → ``assign`` → ``emit``. ``lists`` holds the list grammar that ``structure`` and
``assign`` both call, so it sits below them in the import order (``tests/test_architecture.py``).
A stage imports only ``pipeline.types``, ``pipeline.errors``, ``pipeline.lexicon`` and earlier
stages, and never reads or writes a file.
"""
