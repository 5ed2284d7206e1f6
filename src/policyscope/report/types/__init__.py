"""The report types: each builds a :class:`policyscope.report.model.Report` from analysis results."""
