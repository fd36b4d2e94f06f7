"""Peak memory of a process and everything it starts: the largest sum of RSS seen."""

from __future__ import annotations

import subprocess
import time

import psutil


def wait_with_peak_rss(process: subprocess.Popen[bytes], every: float = 0.1) -> float:
    """Wait for `process`; return the largest sum of RSS (MiB) over its process tree."""
    root = psutil.Process(process.pid)
    peak = 0
    while process.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(_rss(p) for p in tree))
        except psutil.Error:
            pass
        time.sleep(every)
    return peak / 2**20


def _rss(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0
