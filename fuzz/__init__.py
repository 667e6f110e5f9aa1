"""Coverage-guided fuzz targets (atheris) for the surfaces the open web reaches; see fuzz/run.py."""
