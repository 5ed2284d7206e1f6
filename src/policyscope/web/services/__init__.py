"""What the pages and the API do, as plain functions over a :class:`Database` or the shared state: reads,
figures, search, edits, uploads, reports, citations. Routers (``api``, ``pages``, ``cite``, ``coverage``) call
these; services never import a router, a request dependency (``deps``) or the app, so a page and its JSON twin
share one implementation. This package's ``__init__`` imports nothing, so importing one service loads only it."""
