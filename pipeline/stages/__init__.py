"""The six stages, one module each (or a few), in flow order: normalize, structure, segment,
detect, assign; ``nlp`` puts segment and detect inside spaCy. A stage imports only
``pipeline.types``, ``pipeline.errors``, ``pipeline.lexicon`` and earlier stages."""
