"""A local 微信客服 (WeCom KF) platform on a real loopback port, written from the platform's
documentation, not from the bot's code: it issues and checks access tokens (gettoken), keeps the
customers' messages behind a cursor (sync_msg, which also wants the callback's token), records the
replies (send_msg) after checking them as the platform does, and builds the signed, encrypted
callbacks WeCom posts to the shop's URL."""
from __future__ import annotations

import asyncio
import base64
import hashlib
import itertools
import os
import secrets
import socket
import struct
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

CORP_ID = "ww5e1f0c3a7d2b9e41"
OPEN_KFID = "wkTestAccount0001"
KF_SECRET = "kf-secret-for-tests"
CALLBACK_TOKEN = "CbToken42"
AES_KEY = base64.b64encode(bytes(range(7, 39))).decode().rstrip("=")  # 43 characters


def _pkcs7_32(data: bytes) -> bytes:
    n = 32 - len(data) % 32
    return data + bytes([n]) * n


def seal(plain: str, *, corp_id: str = CORP_ID, key_text: str = AES_KEY) -> str:
    """The platform's encryption: random(16) + length(4, network order) + message + corp id,
    PKCS#7 to 32 bytes, AES-256-CBC with the key's first 16 bytes as IV, base64."""
    key = base64.b64decode(key_text + "=")
    message = plain.encode()
    block = _pkcs7_32(os.urandom(16) + struct.pack("!I", len(message)) + message + corp_id.encode())
    enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(enc.update(block) + enc.finalize()).decode()


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def signed_query(ciphertext: str, *, timestamp: int | None = None, token: str = CALLBACK_TOKEN) -> dict[str, str]:
    ts, nonce = str(int(time.time()) if timestamp is None else timestamp), str(secrets.randbelow(10**9))
    return {"msg_signature": sign(token, ts, nonce, ciphertext), "timestamp": ts, "nonce": nonce}


@dataclass
class FakeWecom:
    url: str = ""
    tokens_issued: int = 0
    valid_tokens: set[str] = field(default_factory=set)
    callback_tokens: set[str] = field(default_factory=set)
    messages: list[dict[str, Any]] = field(default_factory=list)  # the platform's message log
    cursors_seen: list[str | None] = field(default_factory=list)
    sent: list[dict[str, Any]] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    send_delay_s: float = 0.0  # a platform slow to answer send_msg
    tokens_expire_after_sync: bool = False  # the token handed to sync_msg is stale by send_msg
    send_calls: int = 0
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def customer_writes(self, user: str, text: str, *, msgid: str | None = None, origin: int = 3,
                        msgtype: str = "text") -> str:
        msgid = msgid or f"msg{next(self._ids)}"
        entry: dict[str, Any] = {"msgid": msgid, "open_kfid": OPEN_KFID, "external_userid": user,
                                 "send_time": int(time.time()), "origin": origin, "msgtype": msgtype}
        entry[msgtype] = {"content": text} if msgtype == "text" else {"media_id": "m1"}
        self.messages.append(entry)
        return msgid

    def callback(self) -> tuple[str, bytes]:
        """The query and XML body of a kf_msg_or_event callback, as WeCom posts it."""
        token = f"ENC{secrets.token_hex(8)}"
        self.callback_tokens.add(token)
        event = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><CreateTime>{int(time.time())}</CreateTime>"
                 "<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_msg_or_event]]></Event>"
                 f"<Token><![CDATA[{token}]]></Token><OpenKfId><![CDATA[{OPEN_KFID}]]></OpenKfId></xml>")
        encrypted = seal(event)
        body = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><AgentID><![CDATA[]]></AgentID>"
                f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>").encode()
        return urlencode(signed_query(encrypted)), body

    def expire_tokens(self) -> None:
        self.valid_tokens.clear()

    # --- the API ---------------------------------------------------------------------------

    async def gettoken(self, request: web.Request) -> web.Response:
        if request.query.get("corpid") != CORP_ID or request.query.get("corpsecret") != KF_SECRET:
            self.refused.append("gettoken: bad corpid or secret")
            return web.json_response({"errcode": 40001, "errmsg": "invalid credential"})
        self.tokens_issued += 1
        token = f"AT{self.tokens_issued}-{secrets.token_hex(4)}"
        self.valid_tokens.add(token)
        return web.json_response({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})

    def _token_error(self, request: web.Request) -> web.Response | None:
        token = request.query.get("access_token")
        if not token:
            return web.json_response({"errcode": 41001, "errmsg": "access_token missing"})
        if token not in self.valid_tokens:
            self.refused.append(f"{request.path}: stale token")
            return web.json_response({"errcode": 42001, "errmsg": "access_token expired"})
        return None

    async def sync_msg(self, request: web.Request) -> web.Response:
        if (error := self._token_error(request)) is not None:
            return error
        body = await request.json()
        if body.get("token") not in self.callback_tokens:
            self.refused.append("sync_msg: unknown callback token")
            return web.json_response({"errcode": 95007, "errmsg": "invalid msg token"})
        cursor = body.get("cursor")
        self.cursors_seen.append(cursor)
        if self.tokens_expire_after_sync:
            self.expire_tokens()
        start = int(cursor[1:]) if cursor else 0
        limit = min(int(body.get("limit", 1000)), 1000)
        page = [m for m in self.messages[start:start + limit]
                if not body.get("open_kfid") or m["open_kfid"] == body["open_kfid"]]
        end = min(start + limit, len(self.messages))
        return web.json_response({"errcode": 0, "errmsg": "ok", "next_cursor": f"c{end}",
                                  "has_more": int(end < len(self.messages)), "msg_list": page})

    async def send_msg(self, request: web.Request) -> web.Response:
        self.send_calls += 1
        await asyncio.sleep(self.send_delay_s)
        if (error := self._token_error(request)) is not None:
            return error
        body = await request.json()
        users = {m["external_userid"] for m in self.messages}
        if body.get("open_kfid") != OPEN_KFID or body.get("touser") not in users:
            self.refused.append(f"send_msg: unknown account or user {body}")
            return web.json_response({"errcode": 95000, "errmsg": "invalid open_kfid or touser"})
        if body.get("msgtype") != "text" or not (body.get("text") or {}).get("content"):
            self.refused.append(f"send_msg: not a text {body}")
            return web.json_response({"errcode": 44004, "errmsg": "empty content"})
        self.sent.append(body)
        return web.json_response({"errcode": 0, "errmsg": "ok", "msgid": f"sent{len(self.sent)}"})


async def start_fake() -> tuple[FakeWecom, web.AppRunner]:
    fake = FakeWecom()
    app = web.Application()
    app.router.add_get("/cgi-bin/gettoken", fake.gettoken)
    app.router.add_post("/cgi-bin/kf/sync_msg", fake.sync_msg)
    app.router.add_post("/cgi-bin/kf/send_msg", fake.send_msg)
    runner = web.AppRunner(app)
    await runner.setup()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    await web.TCPSite(runner, "127.0.0.1", port).start()
    fake.url = f"http://127.0.0.1:{port}"
    return fake, runner
