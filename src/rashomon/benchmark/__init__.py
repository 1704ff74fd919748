"""Benchmarks: a news-like corpus generator and the measurements behind ``rashomon bench``."""
