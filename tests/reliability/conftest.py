"""The crawler tests' loopback hosts fixture, for the crawl kill harness."""

from tests.crawl.conftest import hosts  # noqa: F401
