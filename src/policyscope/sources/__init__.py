"""Source adapters: one module per source, registered in ``registry``."""
