"""Command-line sub-commands, one module per area; ``policyscope.cli`` mounts them."""
