"""Ingest stage: readers (PDF, DOCX, HTML, TXT) → text pipeline → event extraction → dedupe, before the store."""
