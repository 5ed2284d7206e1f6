"""Beyond one machine: the Spark session policyscope's batch engines share (ingest ``--engine spark``,
analyses ``--backend spark``, OpenAlex works at scale). It imports none of the pipeline stages, so every
stage may use it; the stage-specific Spark code lives in its own stage."""
