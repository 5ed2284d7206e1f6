"""Reports: charts (Vega-Lite specs), the report model, sentences from analysis results, the four report
types (flagship, country, compare, newsletter) and renderers (HTML, PDF, Word, Markdown)."""
