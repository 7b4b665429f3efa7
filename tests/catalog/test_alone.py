"""Which product answers go out with no agent (`alone.stands_alone`): only an answer to the whole message,
with every word of it accounted for. The rest still carries the fact as the first suggestion, for an agent
to send. Each table holds the cases of one rule and, beside them, ones the rule must leave alone."""
from __future__ import annotations

import pytest

from bot.engine import Engine

from .shops import DEMO_ORDERS, ask

# (message, order, what the first suggestion still says, sent alone?)
ONE_QUESTION = [  # a second question the catalogue cannot answer in full waits, whatever it says to the first;
    # questions it answers each in full are answered together (`ProductDesk._each_question`)
    ("保温杯什么价 可以刻日文吗", None, "128元", False),
    ("键盘是正品吗 保修几年", None, "一年保修", True),
    ("马克杯多重 能放微波炉吗", None, "可以放微波炉", True),
    ("T恤有白色M吗，白色M还有吗", None, "白色 M", True),  # asked twice, answered once: that is one question
]
COUNTED = [  # a price of several is a bundle's price of that many, or the shop's call
    ("马克杯三只一起买多少钱", None, "情侣对杯", False),
    ("坚果四盒一起买多少钱", None, "两盒装", False),
    ("马克杯两只一起多少钱", None, "66元", True),
]
ACCOUNTED = [  # a word the answer does not speak to waits: the stock of 白色 says nothing of 透气
    ("白色的短袖透气吗", "T1002", "白色", False),
    ("黑色短袖防晒吗", "T1002", "黑色", False),
    ("保温杯墨绿色贵吗", None, "墨绿", False),
    ("键盘多少钱 包邮吗", None, "149元", False),
    ("白色键盘有货吗", None, "白色", True),
    ("颈椎按摩仪保修多久", None, "一年保修", True),
    ("纯白的T恤有吗", None, "白色", True),  # 纯白 is the colour 白色 as buyers say it
    ("送我爸什么好 两百以内 能包邮吗", None, "颈椎按摩仪", False),  # a recommendation says nothing of 包邮
    ("想给我爸买个礼物 两百以内", None, "颈椎按摩仪", False),  # a recommendation is a judgement: never alone
    ("一米六二 九十八斤 短袖拿几码", None, "M码", True),  # heights and weights are what a size answer reads
]
FAQ_WORDS = [  # a FAQ answer goes alone only when the entry says each word asked, not merely its characters
    ("杯子能装冰水吗", None, "开水", False),  # 冰水 is neither 冰箱 nor 开水
    ("键盘要不要装电池", None, "不用装电池", True),  # 要不要 only asks
    ("坚果礼盒配手提袋吗", None, "手提袋", True),
]
YES_NO = [  # a yes/no question about a value is answered with the value that comes closest, alone only when it
    # says it exactly (`attributes.near_values`)
    ("运动裤是纯棉的吗", None, "棉92%", False),  # 棉92% 氨纶8% is not 纯棉: the agent sends the value
    ("马克杯是骨瓷的吗", None, "高温陶瓷", False),
    ("T恤是新疆棉吗", "T1002", "新疆长绒棉", False),
    ("运动裤材质是纯棉吗", None, "棉92%", False),
    ("保温杯是304不锈钢吗", None, "316", False),  # the file says 316
    ("马克杯容量是500毫升吗", None, "350ml", False),
    ("保温杯是316的吗", None, "316", True),
    ("马克杯是陶瓷的吗", None, "高温陶瓷", True),
]


@pytest.mark.parametrize("text, order, says, alone", ONE_QUESTION + COUNTED + ACCOUNTED + FAQ_WORDS + YES_NO,
                         ids=[row[0] for row in ONE_QUESTION + COUNTED + ACCOUNTED + FAQ_WORDS + YES_NO])
def test_a_product_answer_goes_out_alone_only_when_it_answers_everything_asked(
        engine: Engine, text: str, order: str | None, says: str, alone: bool) -> None:
    turn = ask(engine, text, DEMO_ORDERS.get(order))
    assert turn.product is not None, turn.intents
    assert says in turn.reply, turn.reply
    assert turn.auto is alone, turn.reply
