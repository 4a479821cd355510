"""Headless Chromium for the HTML report's tests: --dump-dom (the DOM after the page's script ran) and
--screenshot, driven from the command line (no Playwright: it would download its own browser build).

Debian's `chromium` is installed by `.ci/run`; without it the browser tests fail under CI and skip,
with the reason, elsewhere.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions",
         "--hide-scrollbars", "--mute-audio"]


def chromium() -> str:
    exe = next((shutil.which(n) for n in ("chromium", "chromium-browser", "google-chrome") if shutil.which(n)), None)
    if exe is None:
        msg = "headless Chromium not installed (apt-get install chromium; .ci/run does it)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return exe


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    profile.mkdir(parents=True, exist_ok=True)
    return subprocess.run([chromium(), *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120)


def dump_dom(url: str, profile: Path) -> str:
    p = _run(["--virtual-time-budget=3000", "--dump-dom", url], profile)
    assert p.returncode == 0 and p.stdout, p.stderr[-2000:]
    return p.stdout


def screenshot(url: str, png: Path, profile: Path, size: str = "1400,1000") -> Path:
    p = _run([f"--window-size={size}", "--virtual-time-budget=3000", f"--screenshot={png}", url], profile)
    assert p.returncode == 0 and png.exists(), p.stderr[-2000:]
    return png
