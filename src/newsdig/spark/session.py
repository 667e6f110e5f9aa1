"""Starting Spark for newsdig: what is missing (pyspark, Java 17) in one clear line, and a quiet
session (warnings only, no progress bars; no web UI for local runs).

Under `spark-submit` the session exists already (the JVM started us); its master and settings
are the ones given to spark-submit, and Java was found by it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from newsdig.errors import NewsdigError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

MIN_JAVA = 17
INSTALL_HINT = "pip install 'newsdig[spark]'"
DEFAULT_MASTER = "local[*]"
APP_NAME = "newsdig ingest"
_JAVA_VERSION = re.compile(r'version "(\d+)(?:\.(\d+))?')
# Warnings only; the few that every local run prints (a loopback host name, no native Hadoop
# library, Parquet's memory manager) say nothing a newsdig user can act on.
LOG4J2 = """\
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark %p %c{1}: %m%n%ex
logger.native.name = org.apache.hadoop.util.NativeCodeLoader
logger.native.level = error
logger.utils.name = org.apache.spark.util.Utils
logger.utils.level = error
logger.parquet.name = org.apache.parquet
logger.parquet.level = error
logger.memory.name = org.apache.spark.memory
logger.memory.level = error
logger.plan.name = org.apache.spark.sql.catalyst.util.SparkStringUtils
logger.plan.level = error
"""


class SparkUnavailable(NewsdigError):
    """pyspark or a suitable Java is missing: the message says what to install."""


def under_spark_submit() -> bool:
    """Whether spark-submit launched this process (it hands the Python side a gateway)."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def java_major(output: str) -> int | None:
    """The major version in `java -version` output ("1.8.0" is 8, "17.0.15" is 17)."""
    match = _JAVA_VERSION.search(output)
    if match is None:
        return None
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def _java_command() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


def spark_problem() -> str | None:
    """Why `newsdig spark ingest` cannot run here, or None when pyspark and Java 17+ are present."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return f"Spark support is not installed: {INSTALL_HINT} (it needs Java {MIN_JAVA} or newer too)"
    if under_spark_submit():
        return None
    java = _java_command()
    if java is None:
        return (f"Spark needs Java {MIN_JAVA} or newer and none was found (no java on PATH, no "
                f"JAVA_HOME): install a JDK {MIN_JAVA}, e.g. apt install openjdk-{MIN_JAVA}-jre-headless")
    try:
        proc = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as err:
        return f"cannot run {java} -version ({err}): Spark needs Java {MIN_JAVA} or newer"
    major = java_major(proc.stderr + proc.stdout)
    if major is None or major < MIN_JAVA:
        found = f"Java {major}" if major else "an unknown Java version"
        return (f"Spark needs Java {MIN_JAVA} or newer, {java} is {found}: install a JDK {MIN_JAVA} "
                "and point JAVA_HOME at it")
    return None


def require_spark() -> None:
    problem = spark_problem()
    if problem is not None:
        raise SparkUnavailable(problem)


def _log_config() -> str:
    path = Path(tempfile.gettempdir()) / f"newsdig-spark-log4j2-{os.getuid()}.properties"
    if not path.exists() or path.read_text(encoding="utf-8") != LOG4J2:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(LOG4J2, encoding="utf-8")
        os.replace(tmp, path)
    return path.as_uri()


def start_session(master: str | None, *, shuffle_partitions: int | None = None,
                  conf: Mapping[str, str] | None = None) -> SparkSession:
    """A SparkSession for the job: the given master (else spark-submit's, else local[*])."""
    require_spark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(APP_NAME)
    if not under_spark_submit():
        master = master or DEFAULT_MASTER
        builder = builder.master(master)
        logging = f"-Dlog4j2.configurationFile={_log_config()}"
        builder = builder.config("spark.driver.extraJavaOptions", logging)
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)  # workers run this newsdig
            os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
            builder = builder.config("spark.ui.enabled", "false")
    elif master:
        builder = builder.master(master)
    builder = (builder.config("spark.ui.showConsoleProgress", "false")
               .config("spark.sql.debug.maxToStringFields", "200"))  # no "truncated plan" warnings
    if shuffle_partitions:
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    try:
        session = builder.getOrCreate()
    except Exception as err:  # the JVM did not start: Java broken, a bad master URL, ...
        raise SparkUnavailable(f"Spark did not start ({type(err).__name__}: {err})") from err
    session.sparkContext.setLogLevel("WARN")
    return session
