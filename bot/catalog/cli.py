"""The catalogue's command: `teach-faq SKU "question" "answer"` (the trainers' inbox names the SKU)."""
from __future__ import annotations

import argparse


def _run_teach_faq(args: argparse.Namespace) -> int:
    from bot.cli import engine_from  # bot.cli imports this module
    from bot.domain import ConversationState

    from .teach import teach_faq

    taught = teach_faq(args.catalog, args.sku, args.question, args.answer)
    print(f"added to {taught.path}:{taught.line}: {taught.sku} '{taught.question}' -> {taught.answer}")
    engine = engine_from(args)
    turn = engine.reply(taught.question, state=ConversationState("teach-faq", item_sku=taught.sku))
    kind = turn.product.kind if turn.product else "not read as a product question"
    print(f"the bot now answers it: {kind}{' (sent by itself)' if turn.auto else ' (left to an agent)'}\n{turn.reply}")
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    from bot.cli import add_engine_options

    p = sub.add_parser("teach-faq", help="add a shop answer to a product's FAQ in catalog/ (comments kept)")
    add_engine_options(p)
    p.add_argument("sku", help="the product's SKU (its file in catalog/)")
    p.add_argument("question", help="the buyer's question, as the inbox shows it")
    p.add_argument("answer", help="the shop's answer, as the bot should say it")
    p.set_defaults(run=_run_teach_faq)
