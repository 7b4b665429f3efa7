"""Which catalogue item a buyer means: a link or SKU in the message, an item named by what buyers
call it, the item the conversation is about, or the order's item; several, or one the shop does
not know, and the bot asks which."""
from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain import Order

from .model import Catalog, Product

# Item ids in the links buyers paste: taobao/tmall ?id=..., JD item.jd.com/123.html, /item/123.
_LINK_ID = re.compile(r"(?:[?&](?:id|itemid|item_id)=|item\.jd\.com/|/item/)(\d{5,20})", re.IGNORECASE)
LINK = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)  # a link a buyer pastes
_BARE_ID = re.compile(r"(?<![\d.])\d{6,20}(?![\d.])")  # an item id pasted with no link (or an order number)
_SKU = re.compile(r"(?<![a-z0-9])([a-z]{1,4}-?\d{1,4}[a-z]?)(?![a-z0-9])", re.IGNORECASE)
_SKU_LABELLED = re.compile(r"(?:货号|款号|编号|sku|型号)\s*[:：是]?\s*([a-z0-9][a-z0-9_-]{0,31})", re.IGNORECASE)


@dataclass(frozen=True)
class Resolution:
    product: Product | None = None
    candidates: tuple[Product, ...] = ()  # several it could be: ask which
    unknown: str | None = None  # a link, SKU or order item the catalogue does not have
    source: str = ""  # link, sku, name, conversation, order

    @property
    def found(self) -> bool:
        return self.product is not None


def by_message(catalog: Catalog, raw: str, text: str) -> Resolution | None:
    """The item a link or SKU in the message names (or one the catalogue does not have); None when it has neither."""
    for link_id in _LINK_ID.findall(raw):
        for product in catalog:
            if link_id in product.item_ids:
                return Resolution(product, source="link")
        return Resolution(unknown=f"链接商品 {link_id}")
    if LINK.search(raw):
        return Resolution(unknown="链接商品")
    for bare in _BARE_ID.findall(raw):  # 746800010011 粉色还有吗: the id alone, copied from the item's page
        if product := next((p for p in catalog if bare in p.item_ids), None):
            return Resolution(product, source="link")
    for sku in _SKU.findall(text):
        if (product := catalog.get(sku.replace("-", ""))) or (product := catalog.get(sku)):
            return Resolution(product, source="sku")
    if (labelled := _SKU_LABELLED.search(text)) and not catalog.get(labelled.group(1)):
        return Resolution(unknown=f"货号 {labelled.group(1).upper()}")
    return None


_TOKEN = re.compile(r"[a-z]+|\d+(?:\.\d+)?")
_COUNTED = "个件只人斤岁天年月号码块元次口"  # 4个人 is a count of people, not the 4 of 4L


def _tokens(product: Product) -> set[str]:
    return {t for name in product.lower_names for t in _TOKEN.findall(name)}


def _marks(product: Product, among: list[Product], text: str) -> bool:
    """Whether the text says a model letter or a figure of the item's names that none of the others has."""
    others = set().union(*(_tokens(p) for p in among if p is not product))
    for token in _tokens(product) - others:
        edge = r"(?<![a-z])" if token[0].isalpha() else r"(?<![\d.])"
        after = r"(?![a-z])" if token[0].isalpha() else rf"(?![\d.{_COUNTED}])"
        if re.search(edge + re.escape(token) + after, text):
            return True
    return False


def _alike(catalog: Catalog, product: Product, text: str) -> list[Product]:
    """The other items a name said is the end of another name of (充电器 of 苹果充电器, 杯子 of 保温杯子): the kind
    of goods both are, which the buyer may mean either of."""
    said = [n for n in product.lower_names if len(n) > 1 and n in text]
    said = [n for n in said if not any(n != m and n in m for m in said)]  # IH电饭煲 said, not its 电饭煲
    return [p for p in catalog if p is not product and said
            and any(len(n) > len(s) and n.endswith(s) for n in p.lower_names for s in said)]


def resolve(catalog: Catalog, raw: str, text: str, order: Order | None, remembered: str | None) -> Resolution:
    """The item a product question is about. `raw` is the message as typed (links are kept there),
    `text` the normalised one."""
    if (linked := by_message(catalog, raw, text)) is not None:
        return linked
    context = [p for p in (catalog.get(remembered), *(catalog.get(i.sku) for i in (order.items if order else ()))) if p]
    mentioned = catalog.named(text)
    if len(mentioned) == 1 and (alike := _alike(catalog, mentioned[0], text)):
        return Resolution(candidates=(mentioned[0], *alike))  # 充电器 of a shop with 苹果充电器 too: ask which
    if len(mentioned) == 1:
        return Resolution(mentioned[0], source="name")
    if mentioned:
        preferred = [p for p in mentioned if p in context]
        if len(preferred) == 1:
            return Resolution(preferred[0], source="name")
        marked = [p for p in mentioned if _marks(p, mentioned, text)]
        if len(marked) == 1:  # IH电饭煲, 1.6的电饭煲: the model or figure only one of the items' titles has
            return Resolution(marked[0], source="name")
        return Resolution(candidates=tuple(mentioned))
    if remembered and (product := catalog.get(remembered)):
        return Resolution(product, source="conversation")
    if order is not None and order.items:
        in_catalog = list(dict.fromkeys(p for i in order.items if (p := catalog.get(i.sku))))
        if len(in_catalog) == 1:
            return Resolution(in_catalog[0], source="order")
        if in_catalog:
            return Resolution(candidates=tuple(in_catalog), source="order")
        return Resolution(unknown=order.items[0].title)
    return Resolution()
