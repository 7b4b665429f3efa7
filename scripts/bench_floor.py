"""The floor under the webhook benchmark: what the least possible answer to a signed buyer message
costs on this machine, measured with the same wrk load and messages as scripts/bench_server.py.

    .venv/bin/python scripts/bench_floor.py [--workers 2] [--clients 50] [--seconds 10]

The server here is not the product. Each request gets only what no answer can skip: the HMAC
check, the JSON parse, `engine.reply` over the shipped intents, replies and policy, one row
written through the same group commit, a JSON answer; on aiohttp with uvloop, `--workers`
processes on one port. No dedupe, rate limit, conversation state, message log, delivery, agents'
card or metrics. Whatever latency this cannot reach, no server built from the same parts can.
Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import asyncio
import gc
import hashlib
import hmac
import multiprocessing
import sys
import tempfile
from pathlib import Path

import orjson
import psutil
import uvloop
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_server import SECRET, TEXTS, free_port, need_wrk, report, run_wrk, wait_up, write_requests  # noqa: E402
from bot.domain import ConversationState  # noqa: E402
from bot.engine import EnginePaths, build_engine  # noqa: E402
from bot.storage.sqlite import GroupCommit, open_database  # noqa: E402


def floor_app(data_dir: Path) -> web.Application:
    engine = build_engine(EnginePaths(ROOT / "intents", ROOT / "replies", ROOT / "policy" / "shop.yaml", ROOT / "aspects"))
    db = open_database(data_dir)
    db.execute("CREATE TABLE IF NOT EXISTS answered (message_id TEXT PRIMARY KEY, reply TEXT)")
    app = web.Application()

    async def webhook(request: web.Request) -> web.Response:
        body = await request.read()
        signed = hmac.new(SECRET.encode(), request.headers["X-Timestamp"].encode() + b"\n" + body, hashlib.sha256)
        if not hmac.compare_digest(signed.hexdigest(), request.headers["X-Signature"]):
            return web.Response(status=401)
        message = orjson.loads(body)
        reply = engine.reply(message["text"], state=ConversationState(message["conversation_id"])).reply
        await app["group"].submit(lambda db: db.execute("INSERT INTO answered VALUES (?, ?)", (message["message_id"], reply)))
        return web.Response(body=b'{"status":"accepted"}', content_type="application/json")

    async def group(app: web.Application):
        app["group"] = GroupCommit(db)
        yield
        db.close()

    app.cleanup_ctx.append(group)
    app.router.add_post("/webhook/generic", webhook)
    app.router.add_get("/healthz", lambda request: web.Response(text="ok"))
    return app


def serve(port: int, data_dir: Path) -> None:
    app = floor_app(data_dir)
    gc.freeze()
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None, reuse_port=True,
                loop=uvloop.new_event_loop())


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    need_wrk()
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        open_database(Path(tmp)).close()  # WAL mode before the workers race
        context = multiprocessing.get_context("fork")
        workers = [context.Process(target=serve, args=(port, Path(tmp))) for _ in range(args.workers)]
        for worker in workers:
            worker.start()
        try:
            base = f"http://127.0.0.1:{port}"
            await wait_up(f"{base}/healthz", lambda: not workers[0].is_alive())
            await asyncio.sleep(1.0)  # every worker listening
            watched = [psutil.Process(w.pid) for w in workers]
            for name, seconds in (("warm-up", 3.0), ("floor", args.seconds)):
                requests = Path(tmp) / f"{name}.txt"
                write_requests(requests, f"{name}-", int(8000 * seconds), TEXTS)
                result = await run_wrk(base, requests, args, seconds, watched, None)
            result.update(delivered=0, redis_cpu_s=0)
            print(f"floor server: {args.workers} process(es), {args.clients} connections, {len(TEXTS)} stock texts")
            print(report("floor", result))
        finally:
            for worker in workers:
                worker.terminate()
                worker.join(10)


if __name__ == "__main__":
    asyncio.run(main())
