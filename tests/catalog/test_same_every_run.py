"""A question naming two variants of the same length (奶咖 and 浅灰, S and M) reads the same in every process: Python
salts the hashing of strings per process, so a set's order, once the tie-breaker, made the reading vary run to run."""
from __future__ import annotations

import os
import subprocess
import sys

from .shops import ROOT, write_catalog

BED = """sku: BD1
title: 加厚保暖猫窝
price: 69
variants:
  - {color: 奶咖, size: S, stock: 8}
  - {color: 浅灰, size: M, stock: 0, restock: 2026-12-18}
  - {color: 奶咖, size: M, stock: 5}
  - {color: 浅灰, size: S, stock: 3}
"""
READ = """
import sys
from pathlib import Path
from bot.catalog.wanted import wanted
from bot.catalog.loading import load_catalog
product = next(iter(load_catalog(Path(sys.argv[1]))))
print(wanted(product, "一个奶咖S一个浅灰M 有货吗"))
"""


def test_two_variants_named_read_the_same_under_every_hash_seed(tmp_path_factory):
    folder = write_catalog(tmp_path_factory, "bed", {"BD1.yaml": BED})
    readings = {
        subprocess.run([sys.executable, "-c", READ, str(folder)], cwd=ROOT, capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(ROOT)}).stdout
        for seed in range(8)
    }
    assert len(readings) == 1, readings
