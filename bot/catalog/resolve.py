"""Which catalogue item a buyer means: a link or SKU in the message, an item named by what buyers
call it, the item the conversation is about, or the order's item; several, or one the shop does
not know, and the bot asks which."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from bot.domain import Order

from .model import Catalog, Product

# Item ids in the links buyers paste: taobao/tmall ?id=..., JD item.jd.com/123.html, /item/123.
_LINK_ID = re.compile(r"(?:[?&](?:id|itemid|item_id)=|item\.jd\.com/|/item/)(\d{5,20})", re.IGNORECASE)
LINK = re.compile(r"https?://\S+|www\.\S+", re.IGNORECASE)  # a link a buyer pastes
_BARE_ID = re.compile(r"(?<![\d.])\d{6,20}(?![\d.])")  # an item id pasted with no link (or an order number)
_SKU = re.compile(r"(?<![a-z0-9])([a-z]{1,4}-?\d{1,4}[a-z]?)(?![a-z0-9])", re.IGNORECASE)
_FIGURE = re.compile(r"\d")  # what each of the patterns above but LINK holds
_SKU_LABELLED = re.compile(r"(?:货号|款号|编号|sku|型号)\s*[:：是]?\s*([a-z0-9][a-z0-9_-]{0,31})", re.IGNORECASE)


@dataclass(frozen=True)
class Resolution:
    product: Product | None = None
    candidates: tuple[Product, ...] = ()  # several it could be: ask which
    unknown: str | None = None  # a link, SKU or order item the catalogue does not have
    source: str = ""  # link, sku, name, short (a word of its name only it has), conversation, order; of candidates,
    # kind: called by the kind of goods they are (耳机), which other goods the shop sells may be too; variant: holding a
    # variant value the text names, nothing else named (礼盒装: `choosing.named_in`)

    @property
    def found(self) -> bool:
        return self.product is not None


def by_message(catalog: Catalog, raw: str, text: str) -> Resolution | None:
    """The item a link or SKU in the message names (or one the catalogue does not have); None when it has neither.
    An item id and a SKU hold figures: a message with none (most) is not searched for them."""
    figures = _FIGURE.search(raw) is not None
    for link_id in _LINK_ID.findall(raw) if figures else ():
        for product in catalog:
            if link_id in product.item_ids:
                return Resolution(product, source="link")
        return Resolution(unknown=f"链接商品 {link_id}")
    if LINK.search(raw):
        return Resolution(unknown="链接商品")
    for bare in _BARE_ID.findall(raw) if figures else ():  # 746800010011 粉色还有吗: the id alone, copied from the item's page
        if product := next((p for p in catalog if bare in p.item_ids), None):
            return Resolution(product, source="link")
    for sku in _SKU.findall(text) if _FIGURE.search(text) else ():
        if (product := catalog.get(sku.replace("-", ""))) or (product := catalog.get(sku)):
            return Resolution(product, source="sku")
    if (labelled := _SKU_LABELLED.search(text)) and not catalog.get(labelled.group(1)):
        return Resolution(unknown=f"货号 {labelled.group(1).upper()}")
    return None


# 你们卖耳机吗, 有没有卖卸妆油的: whether the shop sells goods of a kind, named (not 卖完了吗, 卖得好吗)
_SELLS = re.compile(r"(?:^|你们|你家|您家|贵店|店里|这家|家|有|有没有|有木有)(?:卖|出售)([\u4e00-\u9fff]{2,6}?)的?(?:吗|么|没|不|嘛|呢)?$")
_NOT_GOODS = re.compile(r"[完光断掉得的不没了过到空出吗么]|货|东西|啥|什么|哪")
_COUNTED = "个件只人斤岁天年月号码块元次口"  # 4个人 is a count of people, not the 4 of 4L


def _marks(product: Product, among: list[Product], text: str, *, figures: bool = False) -> bool:
    """Whether the text says a model letter or a figure of the item's names that none of the others has; `figures`:
    a figure only (the c of Type-C may be any connector)."""
    others = frozenset().union(*(p.name_tokens for p in among if p is not product))
    for token in product.name_tokens - others:
        if figures and not token[0].isdigit():
            continue
        edge = r"(?<![a-z])" if token[0].isalpha() else r"(?<![\d.])"
        after = r"(?![a-z])" if token[0].isalpha() else rf"(?![\d.{_COUNTED}])"
        if re.search(edge + re.escape(token) + after, text):
            return True
    return False


def named_as_another(catalog: Catalog, product: Product, text: str) -> tuple[Product, ...]:
    """The other items when every name of the item a text says ends one of theirs (充电器 of a shop selling a 65W充电器
    and a 苹果充电器, 杯子 of 保温杯子, 四件套 of two sets): the kind of goods they all are, which the buyer may mean any
    of; none when a name said is the item's own (IH电饭煲, not its 电饭煲 inside it). The one decision both of which
    item to answer (`resolve` asks which) and of whether the item was named for sure (`ProductDesk`) rest on."""
    said = [n for n in product.lower_names if n in text]
    said = [n for n in said if len(n) > 1] or said  # a one-character name counts only when nothing longer is said
    said = [n for n in said if not any(n != m and n in m for m in said)]
    others = {s: [p for p in catalog if p is not product and any(o.endswith(s) for o in p.lower_names)] for s in said}
    if not said or not all(others.values()):
        return ()
    return tuple(dict.fromkeys(p for found in others.values() for p in found))


# What a name after it or around it is in a question of another item: what the item goes on, with or into (装在牙刷上,
# 给笔记本充, 跟我买的牙刷配吗), what it carries (粉底带防晒吗, of a shop that sells a sun cream too); up to six characters
# between (飞利浦的, 我买的), no clause's end.
_OBJECT_BEFORE = r"(?:装|给|在|配|连|接|插|适配|兼容|支持|带|有)[到在上]?[^，,。？?！!\s]{0,6}?"
_OBJECT_AROUND = (r"[跟和与同][^，,。？?！!\s]{0,6}?", r"[^，,。？?！!\s]{0,2}?(?:配|通用|兼容|适配|匹配)")
# ...or what is asked to connect to it, said last (耳机苹果手机能连不: the phone connects to the earphones)
_OBJECT_ASKED = r"(?:能|可以|能不能|可不可以)?(?:连|用|接)(?:上|得上)?(?:吗|么|不|没|嘛)?(?=[，,。？?！!\s]|$)"


def _as_object(product: Product, text: str) -> bool:
    """Whether each name of an item a text says stands where a question of another item names what that one goes
    with (`_OBJECT_BEFORE`), or is a one-character name inside a longer word (the 线 of 有线, 无线)."""
    said = [n for n in product.lower_names if n in text]
    return bool(said) and all(
        re.search(_OBJECT_BEFORE + re.escape(n), text) or re.search(_OBJECT_AROUND[0] + re.escape(n) + _OBJECT_AROUND[1], text)
        or re.search(re.escape(n) + _OBJECT_ASKED, text)
        for n in said)


def _subjects(mentioned: list[Product], text: str) -> list[Product]:
    """The items of several a text names that are what it asks about, the rest named as what they go with or
    inside a longer word (鼠标是有线的吗: the mouse, not the cable called 线; 粉底液带防晒不: the foundation); all of
    them when none or each is. Read from word order alone, so the answer waits for an agent (`source` object)."""
    longer = [p for p in mentioned if any(len(n) > 1 and n in text for n in p.lower_names)]
    kept = [p for p in (longer or mentioned) if not _as_object(p, text)]
    return kept if 0 < len(kept) < len(mentioned) else list(mentioned)


def _wholes(mentioned: list[Product], text: str) -> list[Product]:
    """The items of several a text names, less those it names only by a part of another one said right after that
    one's name (羽绒服帽子, 卫衣的帽子: the 帽子 of a coat whose attributes say 帽子: 可拆卸, beside a shop's caps called
    帽子; not 帽子和羽绒服)."""
    def part(p: Product) -> bool:
        said = [n for n in p.lower_names if n in text]
        said = [n for n in said if not any(n != m and n in m for m in said)]
        return all(any(n in (a.lower() for a in o.attributes) and any(
            f"{whole}{n}" in text or f"{whole}的{n}" in text for whole in o.lower_names) for o in mentioned if o is not p)
                   for n in said)
    return [p for p in mentioned if not part(p)]


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _inside_a_variant(catalog: Catalog, product: Product, text: str) -> Product | None:
    """The one other item a variant of which the text names in two characters or more (枣花 of 枣花蜜), when each of the
    item's names the text says lies inside that: the 枣 of 枣花 is no red date."""
    said = [(m.start(), m.end()) for n in product.lower_names for m in re.finditer(re.escape(n), text)]
    holders = []
    for other in catalog:
        if other is product:
            continue
        values = {x.lower() for v in other.variants for x in v.values if _CJK_RUN.fullmatch(x)}
        stems = {v[:end] for v in values for end in range(2, len(v) + 1)}
        stems = {s for s in stems if sum(v.startswith(s) for v in values) == 1 and s not in other.lower_names}
        spans = [(m.start(), m.end()) for s in stems for m in re.finditer(re.escape(s), text)]
        if said and all(any(a <= start and end <= b and b - a > end - start for a, b in spans) for start, end in said):
            holders.append(other)
    return holders[0] if len(holders) == 1 else None


_POINTED = re.compile(r"这个|这款|这件|这只|这支|这瓶|这台|我买的|我的|订单里的?|买的这")


def _ordered_unlisted(catalog: Catalog, order: Order, mentioned: list[Product], text: str) -> str | None:
    """The title of an item of the order that the catalogue lacks, when the text points at it (这个, 我买的) by a name
    of the catalogue's that the title holds too (支架 of 车载磁吸支架) and the order holds none of the items named."""
    if not _POINTED.search(text) or any(catalog.get(i.sku) in mentioned for i in order.items):
        return None
    said = [_stem(n) for p in mentioned for n in p.lower_names if n in text]
    return next((i.title for i in order.items if not catalog.get(i.sku) and any(n in i.title.lower() for n in said)), None)


def _stem(name: str) -> str:
    """A name without the 子 or 儿 that only makes it a noun (裙子 -> 裙): the kind of goods a title says in its own way
    (格子百褶半身裙)."""
    return name[:-1] if len(name) > 1 and name[-1] in "子儿" else name


def short_names(catalog: Catalog, words: Callable[[str], list[str]], common: Callable[[str], bool]) -> dict[str, Product]:
    """The words buyers shorten an item's name to (贡缎 of 贡缎四件套, 磨毛 of 全棉磨毛四件套): a word of two
    characters or more in what a name puts before another of the item's names (the kind it is: 四件套), or the last
    character its names share (窝 of 猫窝, 狗窝: `_heads`), that no other
    item's names or attribute values hold (全棉 of a shop whose quilts are 全棉 too says no one item), nor is a word
    any question may say (`common`: a need, a tag, an attribute's name: 宝宝能用吗 names no 宝宝纯棉爬服)."""
    found: dict[str, set[str]] = {}
    for product in catalog:
        for head in _heads(product):  # 窝 of 猫窝, 狗窝 and 宠物窝: the kind of goods every way of naming it ends in
            if not common(head):
                found.setdefault(head, set()).add(product.sku)
        for name in product.lower_names:
            for kind in product.lower_names:
                if kind != name and name.endswith(kind) and len(kind) > 1:
                    before = name[:-len(kind)]
                    cut = [w for w in words(before) if len(w) > 1]
                    # 德绒 of 德绒内衣, which the cutter splits into 德 and 绒: a short word it does not know is one word
                    for word in cut or ([before] if _CJK_WORD.fullmatch(before) else []):
                        if not _FIGURES.search(word) and not common(word):
                            found.setdefault(word, set()).add(product.sku)
        for word in _paired(product, words):
            if not common(word):
                found.setdefault(word, set()).add(product.sku)
    said_of = {p.sku: "\n".join((*p.lower_names, *(v.lower() for v in p.attributes.values()))) for p in catalog}
    return {word: product for word, skus in found.items() if len(skus) == 1
            and not any(word in said or _words_in(word, said, words) for sku, said in said_of.items() if sku not in skus)
            and (product := catalog.get(next(iter(skus)))) is not None}


_CJK_WORD = re.compile(r"[\u4e00-\u9fff]{2,4}")


def _paired(product: Product, words: Callable[[str], list[str]]) -> set[str]:
    """Two words of one of an item's names said together, in its order, with what stands between them left out (男士平角
    of 男士莫代尔平角内裤): how buyers shorten a long name."""
    found = set()
    for name in (*product.lower_names[0].split(), *product.lower_names[1:]):
        cut = [w for w in words(name) if _CJK_WORD.fullmatch(w)]
        found |= {a + b for i, a in enumerate(cut) for b in cut[i + 1:] if a != b}
    return found


def _words_in(word: str, said: str, words: Callable[[str], list[str]]) -> bool:
    """Whether the words of a short name all stand in one of another item's names, in any order (男士...平角; 翻领开衫 ...
    家居服套装 for 翻领套装): that item may be meant as well."""
    cut = words(word)
    return len(cut) > 1 and any(all(w in name for w in cut) for name in said.splitlines())


# 聚拢款, 钢圈那款, 加绒的那款: the item called by what sets it apart, said as the kind it is
_FEATURED = re.compile(r"([\u4e00-\u9fff]{2,6}?)的?[那这]?款")
_NEGATED = "无不免非没"  # 无钢圈 says the opposite of 钢圈


def featured(catalog: Catalog, text: str) -> tuple[str, Product] | None:
    """The word before 款 and the one item whose leading names (its aliases and the first part of its title, not the
    selling points after it: 聚拢不压胸) hold it, not after 无 or 不 (钢圈款 is no 无钢圈文胸): 聚拢那款 of a shop whose
    聚拢文胸 is one of three bras. Any word, a tag or an attribute's name too: said before 款 it names the goods. The
    longest ending of what stands before 款 that any item's names hold decides (无钢圈款 names two, not the third's 钢圈)."""
    for m in _FEATURED.finditer(text):
        run = m.group(1)
        for start in range(len(run) - 1):
            said = run[start:]
            holders = [p for p in catalog if any(_holds_plainly(n, said) for n in _leading(p))]
            if holders or any(said in n for p in catalog for n in _leading(p)):
                if len(holders) == 1:
                    return said, holders[0]
                break
    return None


_BEFORE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}$")


def _qualified(mentioned: list[Product], text: str) -> Product | None:
    """The one item of several a text names by a name they share whose leading names (`_leading`) hold the word said
    right before it (男款 of 男款跑步鞋, when only the man's shoe is called 男款跑鞋; 前开盖的登机箱): how buyers tell
    goods of one kind apart; not when a name only one of them has is said too (花生油和茶油哪个好 names each)."""
    shared = {n for p in mentioned for n in p.lower_names if n in text
              and all(n in q.lower_names for q in mentioned)}
    if any(n in text and not any(n in s for s in shared) for p in mentioned for n in p.lower_names):
        return None
    for name in shared:
        for m in re.finditer(re.escape(name), text):
            run = _BEFORE_NAME.search(text[max(0, m.start() - 5):m.start()].removesuffix("的"))
            for start in range(len(run.group(0)) - 1) if run else ():
                said = run.group(0)[start:]
                holders = [p for p in mentioned if any(said in n for n in _leading(p))]
                if len(holders) == 1:
                    return holders[0]
    return None


def _leading(product: Product) -> tuple[str, ...]:
    """What the shop calls the item, not what it claims for it: the title's first part and the aliases."""
    return (*product.lower_names[0].split()[:1], *product.lower_names[1:])


def _holds_plainly(name: str, said: str) -> bool:
    """Whether a name says a word other than as its opposite (钢圈 of 钢圈文胸, not of 无钢圈文胸). Asked of every name
    of every item for each ending of the word before 款 (`featured`): most names do not hold it, which `in` says in C."""
    return said in name and any(at == 0 or name[at - 1] not in _NEGATED
                                for at in (m.start() for m in re.finditer(re.escape(said), name)))


_FIGURES = re.compile(r"\d")  # 60支 of 60支四件套 is a figure, read by `_marks`
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")


def _heads(product: Product) -> set[str]:
    """The last character two or more of an item's names end in that is no name of its own (窝 of 猫窝 and 狗窝, 架 of
    猫爬架 and 猫架): what a buyer calls it for short (狗二十斤 窝要多大)."""
    ends = [n[-1] for n in product.lower_names if len(n) > 1 and _CJK_CHAR.fullmatch(n[-1])]
    return {e for e in ends if ends.count(e) > 1 and e not in product.lower_names}


def _shortened(short: Mapping[str, Product], text: str) -> list[Product]:
    return list(dict.fromkeys(p for word, p in short.items() if word in text))


def resolve(catalog: Catalog, raw: str, text: str, order: Order | None, remembered: str | None,
            short: Mapping[str, Product] | None = None) -> Resolution:
    """The item a product question is about. `raw` is the message as typed (links are kept there),
    `text` the normalised one. `short`: the words buyers shorten names to (`short_names`); an item named so with
    no conversation or order to go by is a guess (贡缎的起球吗), for an agent."""
    if (linked := by_message(catalog, raw, text)) is not None:
        return linked
    context = [p for p in (catalog.get(remembered), *(catalog.get(i.sku) for i in (order.items if order else ()))) if p]
    mentioned = catalog.named(text)
    if mentioned and order is not None and (unlisted := _ordered_unlisted(catalog, order, mentioned, text)):
        return Resolution(unknown=unlisted)  # 这个支架 of an order of a car mount the catalogue lacks: no record of it
    if len(mentioned) == 1 and (holder := _inside_a_variant(catalog, mentioned[0], text)) is not None:
        return Resolution(holder, source="name")  # 枣花的有吗: the honey's 枣花蜜, not the 枣 of the red dates
    if len(mentioned) == 1 and (alike := named_as_another(catalog, mentioned[0], text)):
        return Resolution(candidates=(mentioned[0], *alike))  # 充电器 of a shop with 苹果充电器 too: ask which
    if len(mentioned) == 1:
        return Resolution(mentioned[0], source="name")
    if mentioned and len(subject := _subjects(mentioned, text)) == 1:
        return Resolution(subject[0], source="object")  # 刷头能装别的牙刷上吗: the brush heads, of a toothbrush
    if mentioned and len(whole := _wholes(mentioned, text)) == 1:
        return Resolution(whole[0], source="object")  # 羽绒服帽子能拆不: the coat's hood, not the shop's caps
    if mentioned:
        preferred = [p for p in mentioned if p in context]
        if len(preferred) == 1:
            return Resolution(preferred[0], source="name")
        marked = [p for p in mentioned if _marks(p, mentioned, text)]
        if len(marked) == 1:  # IH电饭煲, 1.6的电饭煲: the model or figure only one of the items' titles has
            return Resolution(marked[0], source="name")
        if (qualified := _qualified(mentioned, text)) is not None:
            return Resolution(qualified, source="name")  # 男款跑步鞋 of a man's and a woman's 跑步鞋
        # 耳机 of 蓝牙耳机 and 儿童耳机: no name of any said, only the kind of goods they are (`Product.kinds`)
        kind = not any(n in text for p in mentioned for n in p.lower_names)
        return Resolution(candidates=tuple(mentioned), source="kind" if kind else "")
    if (bundled := catalog.by_bundle_name(text)) is not None:
        return Resolution(bundled, source="mark")  # 子母箱一起买多少钱: the suitcase whose bundle is so called, a guess
    if not context and not (order is not None and order.items) and len(shortened := _shortened(short or {}, text)) == 1:
        return Resolution(shortened[0], source="short")
    if not context and not (order is not None and order.items) and len(shortened) > 1:
        return Resolution(candidates=tuple(shortened), source="short")  # 壳和膜一起买: each called short, to choose or bundle
    if not context and not (order is not None and order.items) and _FIGURES.search(text) and len(
            marked := [p for p in catalog if _marks(p, list(catalog), text, figures=True)]) == 1:
        return Resolution(marked[0], source="mark")  # 65w那个能充电脑吗: the figure only one item's name has, a guess
    if not mentioned and (sold := _SELLS.search(text)) and not _NOT_GOODS.match(sold.group(1)):
        return Resolution(unknown=sold.group(1))  # 你们卖耳机吗 of a shop that lists none: no record of it
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
