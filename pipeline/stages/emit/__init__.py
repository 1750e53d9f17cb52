"""Stage 7, emit: an assigned document as the rows of its tables (:mod:`pipeline.stages.emit.rows`)."""
