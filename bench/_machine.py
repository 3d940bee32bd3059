"""What the numbers were measured on: CPU model, cores, Python, key package versions, commit and date."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from ._affinity import available_cpus


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else what `platform` knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.partition(":")[2].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _commit(repo: Path) -> str:
    try:
        head = subprocess.run(
            ["git", "-C", str(repo), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(repo), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{head}{' (modified)' if dirty else ''}"


def _cpu_ticks() -> dict[int, tuple[str, int]]:
    """Per process: its command name and its user + system CPU ticks so far (Linux /proc; empty elsewhere)."""
    ticks: dict[int, tuple[str, int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name = text[text.find("(") + 1 : text.rfind(")")]
        fields = text[text.rfind(")") + 2 :].split()
        ticks[int(stat.parent.name)] = (name, int(fields[11]) + int(fields[12]))
    return ticks


def busy_processes(interval: float = 1.0, threshold: float = 0.1) -> list[str]:
    """Other processes that used more than `threshold` of a CPU over `interval` seconds: noise for the timings."""
    before = _cpu_ticks()
    time.sleep(interval)
    after = _cpu_ticks()
    per_second = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    busy = []
    for pid, (name, ticks) in after.items():
        share = (ticks - before.get(pid, (name, ticks))[1]) / per_second / interval
        if pid != os.getpid() and share > threshold:
            busy.append(f"{name} (pid {pid}, {share:.0%} of a CPU)")
    return busy


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def describe(repo: Path) -> dict[str, str]:
    """The facts printed above the table and stored in the JSON output."""
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": f"{os.cpu_count()} (usable: {', '.join(map(str, available_cpus()))})",
        "os": f"{platform.system()} {platform.release()} {platform.machine()}",
        "python": f"{platform.python_implementation()} {platform.python_version()} ({sys.executable})",
        "packages": f"httpx2 {_version('httpx2')} (httpcore2 {_version('httpcore2')}), httpx {_version('httpx')} "
        f"(httpcore {_version('httpcore')}), attrs {_version('attrs')}, "
        f"mistral-fine-tuning {_version('mistral-fine-tuning')}",
        "commit": _commit(repo),
        "load before": f"{load()}; busy other processes: {', '.join(busy_processes()) or 'none'}",
    }
