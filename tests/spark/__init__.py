"""Tests of the Spark scale-out path (newsdig.spark); see conftest.py for what needs Spark."""
