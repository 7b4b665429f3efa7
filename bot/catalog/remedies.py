"""Whether the shop's warranty statement speaks to what a buyer says went wrong (鼓包 of 电池鼓包免费换新) or offers
the remedy asked (管修 of 一年内开线免费维修)."""
from __future__ import annotations

from .asks import ASKING, ASKING_WORDS, PLAIN_CHARS


# What buyers say went wrong (in a word of theirs: 摔碎) -> the words shops' warranty statements use for it (碎了包赔吗 against 运输破损包赔).
DEFECT_WORDS = {"碎": ("破损", "破碎"), "裂": ("破损", "开裂"), "摔": ("破损",), "破": ("破损",),
                "坏": ("损坏", "故障"), "掉": ("脱落",), "褪色": ("掉色",), "掉色": ("褪色",), "不亮": ("故障",),
                "扁": ("回弹", "塌陷", "变形"), "塌": ("塌陷", "回弹")}  # 睡扁了 of a pillow that 回弹不好


def shared(statement: str, words: list[str]) -> list[str]:
    """The words of a question a statement says, the asking aside: 鼓包 of 充电宝鼓包了给换吗 in 电池鼓包免费换新."""
    statement = statement.lower()
    return [w for w in words if w not in ASKING_WORDS and not ASKING.match(w) and not set(w) <= PLAIN_CHARS
            and any(s in statement for s in (w.lower(), *(d for k, ds in DEFECT_WORDS.items() if k in w for d in ds)))]


def remedy_offered(statement: str, remedy: str) -> bool:
    """Whether a warranty statement offers the very remedy asked (管修 of 一年内开线免费维修, 给换 of 30天包换, 包换 of
    直接寄新的)."""
    return any(act in remedy and any(said in statement for said in saying) for act, saying in _REMEDY_ACTS.items())


# what the shop does about goods gone wrong, as a remedy asks it -> as a warranty says it (换 as 寄新的, 补发新的)
_REMEDY_ACTS = {"修": ("修",), "换": ("换", "新的"), "赔": ("赔",), "退": ("退",)}
