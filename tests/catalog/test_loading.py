"""The catalogue files: the shipped demo loads clean, and every mistake a shop's staff can make is
named with its file and line, as `validate` and `load_catalog` report it."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.catalog import load_catalog, read_catalog
from bot.catalog.model import Catalog
from bot.engine import EnginePaths
from bot.intents import ConfigError
from bot.storage.orders import demo_orders
from bot.validate import validate

ROOT = Path(__file__).resolve().parents[2]
GOOD = """\
# a T-shirt
sku: TS01
title: 纯棉圆领T恤
price: 79
aliases: [T恤, 短袖]
attributes: {材质: 100%新疆棉, 厚度: 适中}
variants:
  - {color: 白色, size: M, stock: 12}
  - {color: 白色, size: L, stock: 0, restock: 2026-12-10}
size_chart:
  - {size: M, height: [155, 168], weight: [90, 120]}
  - {size: L, height: [165, 175], weight: [115, 140]}
faq:
  - {q: [会缩水吗, 洗了会不会缩], a: 纯棉首次洗涤约缩水2%}
genuine: 品牌授权正品
warranty: 质量问题30天包换
bundles: [{name: 两件装, skus: [TS01, TS01], price: 139}]
related: []
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def errors_of(folder: Path) -> list[str]:
    return [str(p) for p in read_catalog(folder)[1] if p.severity == "error"]


def test_the_shipped_catalogue_loads_clean_and_holds_the_demo_orders_items() -> None:
    catalog, problems = read_catalog(ROOT / "catalog")
    assert problems == []
    skus = {item.sku for order in demo_orders(__import__("datetime").datetime(2026, 12, 5)) for item in order.items}
    assert skus <= set(catalog.products)
    assert len(catalog.products) >= 6 and any(p.category != "服装" for p in catalog)


def test_what_a_text_names_is_read_once_and_handed_out_afresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine and the desk ask what one message names three or four times: the names are looked for once (the
    catalogue keeps the last few texts' items), and each caller gets a list of its own."""
    write(tmp_path, "TS01.yaml", GOOD)
    catalog = load_catalog(tmp_path)
    looked: list[str] = []
    said = Catalog._said
    monkeypatch.setattr(Catalog, "_said", lambda self, text: looked.append(text) or said(self, text))
    first = catalog.named("短袖有白色吗")
    first.clear()
    assert [p.sku for p in catalog.named("短袖有白色吗")] == ["TS01"] and looked == ["短袖有白色吗"]


def test_the_issue_format_reads_into_typed_values(tmp_path: Path) -> None:
    write(tmp_path, "TS01.yaml", GOOD)
    product = load_catalog(tmp_path).get("ts01")
    assert product.title == "纯棉圆领T恤" and product.price == 79.0
    assert product.variants[1].restock.isoformat() == "2026-12-10" and product.variants[1].stock == 0
    assert product.size_chart[0].height == (155.0, 168.0)
    assert product.faq[0].questions == ("会缩水吗", "洗了会不会缩") and product.faq[0].line == 14
    assert product.bundles[0].skus == ("TS01", "TS01") and product.bundles[0].price == 139


@pytest.mark.parametrize("old, new, line, message", [
    ("  - {color: 白色, size: M, stock: 12}", "  - {color: 白色, size: M, stock: -3}", 8, "'stock' must be a whole number"),
    ("  - {color: 白色, size: M, stock: 12}", "  - {color: 白色, size: M}", 8, "missing 'stock'"),
    ("restock: 2026-12-10", "restock: 下周", 9, "'restock' must be a date"),
    ("height: [155, 168]", "height: [168, 155]", 11, "'height' must be [lowest, highest]"),
    ("price: 79", "price: 七十九", 4, "'price' must be a number"),
    ("title: 纯棉圆领T恤", "title:", 3, "missing 'title'"),
    ("related: []", "related: [NOPE1]", 2, "related names NOPE1"),
    ("skus: [TS01, TS01]", "skus: [TS01, XX9]", 2, "holds XX9"),
    ("  - {q: [会缩水吗, 洗了会不会缩], a: 纯棉首次洗涤约缩水2%}", "  - {q: [会缩水吗]}", 14, "missing 'a'"),
    ("attributes: {材质: 100%新疆棉, 厚度: 适中}", "attributes: [材质]", 6, "'attributes' must be a mapping"),
    ("variants:\n", "variants:\n  - {color: 白色, size: M, stock: 1}\n", 9, "listed twice"),
    ("aliases: [T恤, 短袖]", "aliases: [T恤, 短袖", 6, "YAML syntax error"),
])
def test_each_mistake_is_named_with_its_file_and_line(tmp_path: Path, old: str, new: str, line: int, message: str) -> None:
    assert old in GOOD
    path = write(tmp_path, "TS01.yaml", GOOD.replace(old, new, 1))
    found = errors_of(tmp_path)
    assert any(e.startswith(f"{path}:{line}: error:") and message in e for e in found), found
    with pytest.raises(ConfigError) as raised:
        load_catalog(tmp_path)
    assert message in str(raised.value)


def test_an_unknown_key_is_a_warning_and_a_duplicate_sku_an_error(tmp_path: Path) -> None:
    write(tmp_path, "TS01.yaml", GOOD.replace("genuine:", "colour: 白\ngenuine:"))
    write(tmp_path, "TS02.yaml", GOOD)
    problems = read_catalog(tmp_path)[1]
    assert any(p.severity == "warning" and p.line == 15 and "unknown key 'colour'" in p.message for p in problems)
    assert any(p.severity == "error" and p.path.name == "TS02.yaml" and p.line == 2 and "also used by" in p.message
               for p in problems)


def test_validate_reports_catalogue_mistakes_beside_the_other_files(tmp_path: Path, shop_copy: EnginePaths) -> None:
    shutil.copytree(ROOT / "catalog", tmp_path / "catalog")
    path = tmp_path / "catalog" / "B2.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{color: 蓝花, stock: 20}", "{color: 蓝花, stock: 很多}"), encoding="utf-8")
    problems = validate(EnginePaths.under(tmp_path))
    assert [str(p).split(": error")[0] for p in problems if p.severity == "error"] == [f"{path}:10"]


def test_a_missing_folder_named_in_the_config_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="catalogue folder not found"):
        load_catalog(tmp_path / "nowhere")


def test_a_size_chart_row_by_a_measure_not_read_is_left_out_with_a_warning_and_the_file_still_loads(tmp_path: Path) -> None:
    """An appliance shop charts its models by the room ({size: 大1匹, area: [10, 16]}): size advice reads height,
    weight, 脚长 and 头围 only, so the row is left out with its file and line, and the rest of the item is served."""
    heater = GOOD.replace("  - {size: M, height: [155, 168], weight: [90, 120]}\n",
                          "  - {size: M, height: [155, 168], weight: [90, 120]}\n  - {size: XL, area: [10, 16]}\n")
    path = write(tmp_path, "TS01.yaml", heater)
    problems = read_catalog(tmp_path)[1]
    assert not [p for p in problems if p.severity == "error"], problems
    assert any(p.severity == "warning" and p.path == path and p.line == 12 and "area" in p.message and "left out" in p.message
               for p in problems), problems
    product = load_catalog(tmp_path).get("ts01")
    assert [r.size for r in product.size_chart] == ["M", "L"] and product.faq


def test_a_size_chart_row_with_no_measure_at_all_is_still_an_error(tmp_path: Path) -> None:
    write(tmp_path, "TS01.yaml", GOOD.replace("  - {size: L, height: [165, 175], weight: [115, 140]}", "  - {size: L}"))
    assert any("needs at least one of" in e for e in errors_of(tmp_path))
