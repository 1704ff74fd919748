"""Engines that run the article stages beyond one process: Ray Data (``rashomon analyze --engine ray``)."""
