"""Which of an item's attributes a question asks about (`attributes_asked`): by the shop's name for it, a buyers'
word for it, a value it checks, a unit or a part of the goods; and the readings that are only near (`rivals`,
`part_named`, `units_near`, `measures_near`, `near_values`), which an agent confirms."""
from __future__ import annotations

import re
from functools import lru_cache

from bot.product_words import ProductWords
from bot.sounds import Sounds

from .asks import ASKING, ASKING_WORDS, CJK_ONLY, PLAIN_CHARS
from .claims import NEGATION, claim_of, tagged
from .cues import bare
from .model import Product


# A measure asked that no attribute is named for, and the attributes that may still hold it, for an agent:
# 多厚 of a pillow with only 尺寸 and 高度.
MEASURE_FALLBACK = ((re.compile(r"多[厚薄]|厚不厚|薄不薄|[厚薄]吗|厚度"), re.compile(r"厚"), re.compile(r"尺寸|规格|大小|高度")),)


# A measure asked by its unit, and the unit a value holding it is written in: 多少毫升 is answered by 净含量: 50ml
# whatever the shop calls it, 零下几度能用 by 舒适温度: -5℃, 多少片 by the 100片 of the title.
UNIT_ASKED = tuple((re.compile(q), re.compile(v, re.IGNORECASE)) for q, v in (
    (r"多少毫升|几毫升|多少ml|多少升|几升|容量多大|多大容量|装多少|多大瓶|一瓶多少", r"\d\s*(?:ml|毫升|升|l)(?![a-z])"),
    (r"多重|多沉|多少克|几克|几斤|多少斤|多少公斤|几公斤", r"\d\s*(?:g|kg|克|千克|公斤|斤)(?![a-z])"),
    (r"多少度|几度|零下", r"\d\s*(?:℃|°c|度)"),
    # a span of time, not a date (2026年11月中旬 of 采摘时间 says when, not how long)
    (r"多久|多长时间", r"(?<![\d年])\d{1,3}\s*(?:小时|h|分钟|天|个月|周|年)(?![a-z])"),
    (r"几个?小时|多少小时", r"\d\s*(?:小时|h)(?![a-z])"),
    (r"几天|多少天", r"\d\s*天"),
    (r"几个月|多少个月", r"\d\s*个?月"),
    (r"几年|多少年", r"\d\s*年"),
    (r"多少瓦|几瓦", r"\d\s*(?:w|瓦)(?![a-z])"),
    (r"多少毫安|几毫安", r"\d\s*(?:mah|毫安)"),
    (r"多[长宽高大厚]|尺寸|(?:几|多少)(?:毫米|厘米|公分|米|mm|cm)", r"\d\s*(?:cm|mm|厘米|毫米|米)"),
))
COUNT_ASKED = re.compile(r"(?:多少|几)([片支颗粒包袋张块节根双只瓶盒叶档层孔安])")  # 几安: a canvas's weight, 12安


def units_near(product: Product, text: str) -> list[tuple[str, str]]:
    """The attributes whose value is written in the unit a question asks for (多少毫升 -> a value in ml), when no
    attribute is named for it; a count asked (多少片) may be the title's own figure. Only a reading by the unit,
    which an agent confirms."""
    values = list(product.attributes.items())
    for asked, unit in UNIT_ASKED:
        if asked.search(text):
            return [(n, v) for n, v in values if unit.search(v)]
    if count := COUNT_ASKED.search(text):
        said = re.compile(rf"(?:\d+|[一二两三四五六七八九十]+)\s*{count.group(1)}")  # 100片, 三节
        return [(n, v) for n, v in values if said.search(v)] or [
            ("规格", m.group(0)) for m in said.finditer(product.title)][:1]
    return []


def measures_near(product: Product, text: str) -> list[tuple[str, str]]:
    """The attributes that may hold a measure asked when none is named for it (多厚 against 尺寸 and 高度)."""
    for asked, named, near in MEASURE_FALLBACK:
        if asked.search(text) and not any(named.search(n) for n in product.attributes):
            return [(n, v) for n, v in product.attributes.items() if near.search(n)]
    return []


_SOUNDS = Sounds()  # toneless pinyin of each character, worked out as characters are met (a sound never changes)


@lru_cache(maxsize=4096)
def _fuzzy_sound(ch: str) -> str:
    """A character's toneless sound with the sounds a Mandarin IME slip mixes up made one (zh/z, ch/c, sh/s,
    -ng/-n): 内纯 for 内存, 成重 for 承重."""
    return re.sub(r"ng$", "n", re.sub(r"^([zcs])h", r"\1", _SOUNDS.of(ch)))


def sounds_like(name: str, text: str) -> bool:
    """Whether the text writes the name with a character of the same sound (成重 for 承重), sharing another."""
    if len(name) < 2 or not CJK_ONLY.fullmatch(name):
        return False
    key = [_fuzzy_sound(c) for c in name]
    return any(text[i:i + len(name)] != name and set(text[i:i + len(name)]) & set(name)
               and [_fuzzy_sound(c) for c in text[i:i + len(name)]] == key for i in range(len(text) - len(name) + 1))


# Attribute names that say what an item fits or works with (适配机型, 适用设备, 兼容系统)
FIT_NAME = re.compile(r"适[用配合]|兼容|支持|机型|型号")
_DEVICE = re.compile(r"[a-z][a-z0-9]{2,}")


def devices_named(product: Product, plain: str) -> list[tuple[str, str]]:
    """The attributes on what the item fits that name a device the question names (macbook of 适用设备: ... MacBook)."""
    said = set(_DEVICE.findall(plain))
    return [(n, v) for n, v in product.attributes.items() if FIT_NAME.search(n) and any(d in v.lower() for d in said)]


DEGREE = re.compile(r"(\w)不\1")  # 大不大, 厚不厚: asks how much of a quality


def answers_degree(text: str, name: str, value: str, vocab: ProductWords) -> bool:
    """Whether an attribute speaks to the quality a 大不大 question asks about: 厚不厚 is answered by
    厚度: 适中, 领口大不大 is not by 领口: 圆领."""
    m = DEGREE.search(text)
    if not m:
        return True
    said = (name, value, *vocab.attribute_cues(name))
    return any(m.group(1) in s or m.group(0) in s for s in said)


def near_values(product: Product, words: list[str]) -> list[tuple[str, str]]:
    """The attributes whose value shares a character with a word of a yes/no question but is not named by it:
    纯棉吗 against 材质: 棉92% 氨纶8%, 骨瓷吗 against 高温陶瓷. The value is what an agent answers with;
    the question is not answered by it in so many words, so it never goes out alone."""
    asked = {c for w in words if len(w) > 1 and w not in ASKING_WORDS for c in w if "\u4e00" <= c <= "\u9fff"}
    asked -= PLAIN_CHARS
    return [(name, value) for name, value in product.attributes.items() if asked & set(value)]


def _own_cues(name: str) -> tuple[str, ...]:
    """How a buyer asks for an attribute by the shop's own name for it: the name, for a degree (高度, 甜度) 多高,
    高不高, and for a count (节数, 层数) 几节, 多少节."""
    stem = name[:-1] if len(name) == 2 and name[-1] in "度数" else ""
    if stem and name.endswith("数"):
        return (name, f"几{stem}", f"多少{stem}")
    return (name, f"多{stem}", f"{stem}不{stem}", f"{stem}吗") if stem else (name,)


_MEASURED = "高长宽深厚重粗"  # what a short name says of its part (桌高, 杯深, 带宽)


def measure_of_part(name: str, text: str) -> bool:
    """Whether a text asks how much of a measure (多高) of the part a two-character name says it of (桌高 asked as 桌面离地多高,
    杯深 as 杯子有多深): the shop's own name, said in other words."""
    return (len(name) == 2 and name[1] in _MEASURED and name[0] in text
            and (f"多{name[1]}" in text or f"{name[1]}不{name[1]}" in text))


def runs(text: str, words: list[str]) -> list[str]:
    """The words a cut left in single characters, joined as the text writes them: 安卓 and 充绒 of a trade's words the
    segmenter does not know (安 卓, 充 绒), which a value or a name may still say whole; a negation (无 of 无添) only
    as a claim says it (`claim_of`)."""
    out, run = [], ""
    for w in words:
        if len(w) == 1 and CJK_ONLY.fullmatch(w) and w not in PLAIN_CHARS and not NEGATION.match(w):  # 无添: a claim's
            run = run + w if run and run + w in text else w
            if len(run) > 1:
                out.append(run)
        else:
            run = ""
    return list(dict.fromkeys(out))


# 什么底, 啥面的, 几个孔: a part of the goods named by one character, the end of an attribute's name (鞋底, 鞋面, 通风孔)
PART = re.compile(r"(?:什么|啥|哪种|几个|多少个)([\u4e00-\u9fff])(?![^的呀啊呢吗么？?，,。!！~\s])")


def _span_end(word: str, value: str) -> bool:
    """Whether a word holding a figure stands in a value only as an end of a span (90 of 果径: 85mm指85-90mm): a figure
    placed in the span, which says which variant it is (`variants.spanning`), not the value checked (是316不锈钢吗)."""
    if not re.search(r"\d", word):
        return False
    figure = re.escape(word)
    return not re.search(rf"(?<![\d.\-~–至到]){figure}(?!\s*[\-~–至到]\s*\d)", value)


def attributes_asked(product: Product, text: str, words: list[str], vocab: ProductWords) -> list[tuple[str, str]]:
    """The item's attributes a text asks about: by the shop's name for it or a word of that name (蓝牙 of
    蓝牙版本, 肤质 of 适用肤质), by another word for the name, or by a value it checks (是316不锈钢吗). Where
    the shop's own name is asked, a common word for another attribute that the same words say is not
    (枕头有多高 asks 高度: 10-12cm, not 尺寸 60x40cm, though buyers ask 尺寸 with 多高 too)."""
    words = [*words, *runs(text, words)]
    asking = [w for w in words if len(w) >= 2 and w not in ASKING_WORDS and not ASKING.match(w)]
    claim = claim_of(text) or ""  # 是无香的吗: the claim 无香 in 无香精, though jieba cuts it into 无 and 香
    own, common = [], []
    for name, value in product.attributes.items():
        lname = name.lower()
        # 蛋白质 of 粗蛋白, 含量 of 净含量: the name but for a first character that qualifies the rest
        if (any(c in text for c in _own_cues(lname)) or any(w in lname or (len(lname) == 3 and w.startswith(lname[1:]))
                                                         for w in asking) or sounds_like(lname, text) or measure_of_part(lname, text)
                or any(len(w) >= 2 and w in value.lower() and not _span_end(w, value.lower()) for w in words)
                or (len(claim) > 1 and claim in value.lower())):
            own.append((name, value))
        elif hits := [w for w in vocab.attribute_cues(name) if w in text]:
            common.append((name, value, hits))
    if not own and not common and (part := PART.search(text)):  # 什么底: 鞋底, when no other name ends so
        ends = [(name, value) for name, value in product.attributes.items() if len(name) > 1 and name.endswith(part.group(1))]
        own = ends if len(ends) == 1 else []
    # a common word inside a longer one another attribute's words say is that one's: 多大个 asks the 果径, not 规格's 多大
    common = [(name, value, hits) for name, value, hits in common
              if not all(any(h != h2 and h in h2 for _, _, other in common for h2 in other) for h in hits)]
    claimed = [c for name, _ in own for c in _own_cues(name.lower())]
    # nor one of the same part as an attribute named (鞋底是啥做的 asks the sole's make, not 鞋面材质's: both of the 鞋),
    # unless its name holds what the words ask of that part (鞋底多厚 asks the 底厚, beside the 鞋底's make)
    parts = {c for name, _ in own for c in name}
    out = own + [(name, value) for name, value, hits in common
                 if not all(h in claimed for h in hits) and not (
                     parts & set(name) and own and not any(set(name) & (set(h) - parts - _ASKING_CHARS) for h in hits))]
    order = list(product.attributes)
    return sorted(out, key=lambda item: order.index(item[0]))


_ASKING_CHARS = frozenset("多少几什么啥哪怎样吗呢不")


def rivals(product: Product, text: str, words: list[str], vocab: ProductWords) -> list[str]:
    """The item's attributes not asked by a text whose names end in what a buyers' common word for an asked one says,
    its asking aside, and that the trainers' words place nowhere (连衣裙有多长: 多长 is a word for 袖长, and 裙长 is a 长
    as well): which of them is meant is a guess. One the words place elsewhere is not (承重 has words of its own: 多重 asks
    the 重量). The shop's own name asked (袖长多少) leaves none."""
    asked = {name for name, _ in attributes_asked(product, text, words, vocab)}
    said = {"".join(c for c in cue if c not in _ASKING_CHARS) for name in asked for cue in vocab.attribute_cues(name)
            if cue in text}
    return [name for name in product.attributes if name not in asked and not vocab.attribute_cues(name)
            and any(s and name.endswith(s) for s in said)]


def part_named(product: Product, text: str) -> list[tuple[str, str]]:
    """The one attribute whose short name starts or ends with a part of the goods the text names in one character
    (刀是几叶的 -> 刀片, 线多长 -> 电源线, 带子多长 -> 表带), else the one whose value says it (有窗吗 -> 门: 双门双窗):
    a noun or a place word of jieba's, its 子 aside. A reading by one character, which an agent confirms."""
    said = {bare(w) for w, flag in tagged(text) if flag in ("n", "ng", "f")} - PLAIN_CHARS  # not 连/nr of 可以连手机吗
    for part in (p for p in said if len(p) == 1 and CJK_ONLY.fullmatch(p)):
        holding = [(n, v) for n, v in product.attributes.items() if 1 < len(n) <= 3 and (n.startswith(part) or n.endswith(part))]
        holding = holding or [(n, v) for n, v in product.attributes.items() if part in v]  # 有窗吗 of 门: 双门双窗
        if len(holding) == 1:
            return holding
    return []
