"""The `wecom_kf` platform: 微信客服, the customer-service accounts WeCom gives a shop to receive and
answer WeChat buyers.

- WeCom checks the callback URL with a signed GET (msg_signature, timestamp, nonce, echostr): the
  signature is checked and the decrypted echostr is the answer (`wxcrypt.py`).
- A callback POST carries an encrypted event; on `kf_msg_or_event` the new messages are read with
  `sync_msg` from the cursor kept in the key-value store (the event's token passed), and each text a
  customer wrote (origin 3) is handed to the core once, by its `msgid`. The cursor moves on only after
  the core answered them, so a crash reads them again (and the core's dedupe answers each once).
- Replies go out with `send_msg` (touser: the buyer's external_userid, open_kfid, msgtype text).
- The access token from `gettoken` is kept until it expires and fetched again when the platform
  says it is invalid or expired (40014, 42001).

Config: `kind: wecom_kf`, `corp_id`, `open_kfid` (optional: only this account), `api_base`;
secrets WECOM_TOKEN_<CHANNEL>, WECOM_AES_KEY_<CHANNEL>, WECOM_SECRET_<CHANNEL>.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

import aiohttp
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from bot.domain import InputError
from bot.reviews.event import ReviewEvent
from bot.server.payloads import Incoming
from bot.storage import Delivery

from . import wxcrypt
from .base import DeliveryFailed, Inbound, Received, SignatureError, Tools, Unavailable, Unsupported

log = logging.getLogger(__name__)

DEFAULT_API_BASE = "https://qyapi.weixin.qq.com"
TOKEN_INVALID = frozenset({40014, 42001})  # invalid access_token, access_token expired
FROM_CUSTOMER = 3  # sync_msg's origin of a message the WeChat buyer wrote (4: event, 5: a servicer)
TOKEN_MARGIN_S = 300  # fetch a new access token this long before the old one runs out
MAX_PAGES = 50  # sync_msg pages read for one event (1,000 messages each at most)
_KNOWN = {"kind", "corp_id", "open_kfid", "api_base"}


@dataclass(frozen=True)
class WecomKfSettings:
    corp_id: str
    token: str = field(repr=False)  # WECOM_TOKEN_<NAME>: signs the callbacks
    aes_key: bytes = field(repr=False)  # from WECOM_AES_KEY_<NAME>, the EncodingAESKey
    secret: str = field(repr=False)  # WECOM_SECRET_<NAME>: the 微信客服 secret, for gettoken
    open_kfid: str | None = None
    api_base: str = DEFAULT_API_BASE
    can_send: bool = True


def _env(env: Mapping[str, str], var: str, name: str, what: str) -> str:
    if not env.get(var):
        raise ValueError(f"channel {name!r} (wecom_kf: {what}) needs the environment variable {var}")
    return env[var]


def read_settings(name: str, raw: Mapping[str, Any], env: Mapping[str, str]) -> WecomKfSettings:
    unknown = sorted(set(raw) - _KNOWN)
    if unknown:
        raise ValueError(f"unknown key channels.{name}.{unknown[0]}; a wecom_kf channel knows {', '.join(sorted(_KNOWN))}")
    values = {}
    for key in ("corp_id", "open_kfid", "api_base"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            raise ValueError(f"channels.{name}.{key} must be a text, not {value!r}")
        values[key] = value
    if values["corp_id"] is None:
        raise ValueError(f"channels.{name}.corp_id is required for a wecom_kf channel (the 企业ID, ww...)")
    api_base = (values["api_base"] or DEFAULT_API_BASE).rstrip("/")
    if not api_base.startswith(("http://", "https://")):
        raise ValueError(f"channels.{name}.api_base must be an http(s) URL, not {api_base!r}")
    upper = name.upper()
    try:
        key = wxcrypt.aes_key(_env(env, f"WECOM_AES_KEY_{upper}", name, "the callback's EncodingAESKey"))
    except ValueError as exc:
        raise ValueError(f"WECOM_AES_KEY_{upper}: {exc}") from None
    return WecomKfSettings(
        corp_id=values["corp_id"], open_kfid=values["open_kfid"], api_base=api_base, aes_key=key,
        token=_env(env, f"WECOM_TOKEN_{upper}", name, "the callback's Token"),
        secret=_env(env, f"WECOM_SECRET_{upper}", name, "the 微信客服 Secret"),
    )


def conversation_id(open_kfid: str, external_userid: str) -> str:
    """One conversation per buyer and customer-service account; the reply is addressed from it."""
    return f"{open_kfid}:{external_userid}"


def _xml(data: bytes, what: str) -> Element:
    try:
        return ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException) as exc:
        raise InputError(f"{what} is not the platform's XML: {exc}") from None


class PlatformError(Exception):
    def __init__(self, errcode: int, errmsg: str) -> None:
        super().__init__(f"errcode {errcode}: {errmsg}")
        self.errcode = errcode


class WecomKfChannel:
    def __init__(self, name: str, settings: WecomKfSettings, tools: Tools):
        self.name, self._settings, self._tools = name, settings, tools
        self.can_send = True
        self._timeout = aiohttp.ClientTimeout(total=tools.timeout_s)
        self._access_token: tuple[str, float] | None = None  # (token, when to fetch a new one)
        self._token_lock = asyncio.Lock()

    # --- requests from the platform ------------------------------------------------------------

    def _ciphertext(self, request: Inbound) -> str:
        if request.method == "GET":
            return request.query.get("echostr", "")
        encrypted = _xml(request.body, "the callback body").findtext("Encrypt")
        if not encrypted:
            raise SignatureError("the callback body carries no Encrypt element")
        return encrypted

    def verify(self, request: Inbound) -> None:
        q = request.query
        timestamp, nonce, given = q.get("timestamp", ""), q.get("nonce", ""), q.get("msg_signature", "")
        if not (timestamp and nonce and given):
            raise SignatureError("msg_signature, timestamp and nonce are required in the query")
        try:
            ciphertext = self._ciphertext(request)
        except InputError as exc:
            raise SignatureError(str(exc)) from None
        wxcrypt.check_signature(self._settings.token, timestamp, nonce, ciphertext, given)
        if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > self._tools.skew_s:
            raise SignatureError(f"timestamp is more than {int(self._tools.skew_s)} s off: a replay or a bad clock")

    def _open(self, ciphertext: str) -> bytes:
        return wxcrypt.decrypt(self._settings.aes_key, ciphertext, self._settings.corp_id)

    async def receive(self, request: Inbound) -> Received:
        try:
            plain = self._open(self._ciphertext(request))
        except SignatureError as exc:  # signed by someone holding the token, but not for us
            raise InputError(str(exc)) from None
        if request.method == "GET":  # the URL check: the plain echostr proves we hold the key
            return Received(answer=plain.decode())
        event = _xml(plain, "the decrypted event")
        if event.findtext("MsgType") != "event" or event.findtext("Event") != "kf_msg_or_event":
            return Received(answer="success")  # other events carry nothing for the bot
        open_kfid = event.findtext("OpenKfId") or self._settings.open_kfid
        messages, cursor = await self._sync(event.findtext("Token") or "", open_kfid)

        async def done() -> None:  # the core answered them: the cursor moves past them
            if cursor:
                await self._tools.kv.set(self._cursor_key(open_kfid), cursor)

        return Received(messages=messages, answer="success", done=done)

    def review(self, request: Inbound) -> ReviewEvent:
        raise Unsupported("微信客服 has no review feed; post reviews to a generic channel")

    # --- the platform's API --------------------------------------------------------------------

    def _cursor_key(self, open_kfid: str | None) -> str:
        return f"wecom-kf-cursor:{self.name}:{open_kfid or '*'}"

    async def _sync(self, token: str, open_kfid: str | None) -> tuple[tuple[Incoming, ...], str | None]:
        """The customers' new text messages since the stored cursor, and the cursor after them."""
        cursor = await self._tools.kv.get(self._cursor_key(open_kfid))
        found: dict[str, Incoming] = {}
        try:
            for _ in range(MAX_PAGES):
                body: dict[str, Any] = {"token": token, "limit": 1000}
                if cursor:
                    body["cursor"] = cursor
                if open_kfid:
                    body["open_kfid"] = open_kfid
                page = await self._call("/cgi-bin/kf/sync_msg", body)
                for msg in page.get("msg_list") or ():
                    incoming = self._incoming(msg)
                    if incoming is not None and incoming.message_id not in found:
                        found[incoming.message_id] = incoming
                cursor = page.get("next_cursor") or cursor
                if not page.get("has_more"):
                    break
        except (PlatformError, aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise Unavailable(f"sync_msg failed: {exc}") from None
        return tuple(found.values()), cursor

    def _incoming(self, msg: Mapping[str, Any]) -> Incoming | None:
        """A text a customer wrote, for this account; anything else (a servicer's message, an event,
        a picture) is not the bot's to answer."""
        if msg.get("origin") != FROM_CUSTOMER or msg.get("msgtype") != "text":
            return None
        kfid, user, msgid = msg.get("open_kfid"), msg.get("external_userid"), msg.get("msgid")
        text = (msg.get("text") or {}).get("content")
        if not (kfid and user and msgid and isinstance(text, str)):
            log.warning("channel %s: sync_msg gave a text message without its ids; skipped", self.name)
            return None
        if self._settings.open_kfid and kfid != self._settings.open_kfid:
            return None
        return Incoming(conversation_id=conversation_id(kfid, user), text=text, channel=self.name,
                        buyer_id=user, message_id=str(msgid))

    async def _token(self, *, fresh: bool = False) -> str:
        async with self._token_lock:
            if not fresh and self._access_token and time.time() < self._access_token[1]:
                return self._access_token[0]
            url = f"{self._settings.api_base}/cgi-bin/gettoken"
            params = {"corpid": self._settings.corp_id, "corpsecret": self._settings.secret}
            async with self._tools.session.get(url, params=params, timeout=self._timeout) as response:
                data = await response.json(content_type=None)
            if data.get("errcode", 0) != 0 or not data.get("access_token"):
                raise PlatformError(int(data.get("errcode", -1)), str(data.get("errmsg", "no access_token")))
            expires_in = float(data.get("expires_in", 7200))
            self._access_token = (data["access_token"], time.time() + max(60.0, expires_in - TOKEN_MARGIN_S))
            return self._access_token[0]

    async def _post(self, path: str, body: Mapping[str, Any], token: str) -> dict[str, Any]:
        async with self._tools.session.post(f"{self._settings.api_base}{path}", json=body,
                                            params={"access_token": token}, timeout=self._timeout) as response:
            return await response.json(content_type=None)

    async def _call(self, path: str, body: Mapping[str, Any]) -> dict[str, Any]:
        """POSTs to the API with the access token; once more with a new token when it was refused."""
        data = await self._post(path, body, await self._token())
        if int(data.get("errcode", 0)) in TOKEN_INVALID:
            data = await self._post(path, body, await self._token(fresh=True))
        if int(data.get("errcode", 0)) != 0:
            raise PlatformError(int(data["errcode"]), str(data.get("errmsg", "")))
        return data

    async def problem(self) -> str | None:
        """Asks gettoken once: a wrong secret or an unreachable api_base shows at start."""
        try:
            await self._token()
        except (PlatformError, aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            return f"gettoken at {self._settings.api_base} failed ({type(exc).__name__}: {exc}): replies wait in the queue"
        return None

    async def deliver(self, delivery: Delivery) -> None:
        kfid, _, user = delivery.conversation_id.partition(":")
        if not user:
            raise DeliveryFailed(f"conversation {delivery.conversation_id!r} is not a 微信客服 one (open_kfid:user)")
        body = {"touser": user, "open_kfid": kfid, "msgtype": "text", "text": {"content": delivery.text}}
        try:
            await self._call("/cgi-bin/kf/send_msg", body)
        except (PlatformError, aiohttp.ClientError, asyncio.TimeoutError, ValueError) as exc:
            raise DeliveryFailed(f"send_msg: {exc}") from None


def open_channel(name: str, settings: WecomKfSettings, tools: Tools) -> WecomKfChannel:
    return WecomKfChannel(name, settings, tools)
