from policyscope.cli import app

app()
