"""A headless Streamlit client: the browser's websocket protocol, without a browser.

Speaks what the Streamlit frontend speaks on `/_stcore/stream`: protobuf `BackMsg`s out (a
`rerun_script` carrying the page, the query string and the widget values), `ForwardMsg`s in (deltas
that draw elements, `script_finished`, `auto_rerun` for fragments that refresh themselves,
`page_info_changed` when the app rewrites the query string). It keeps the widgets it has seen by
label so a simulated user can "move the slider labelled X" or "click the button labelled Y", and it
times each request from the moment it is sent until the server says the run finished.

Used by bench/bench_room.py (load) and tests/room (several processes behind a proxy). Every wait is
bounded by a timeout; nothing here retries forever.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
            ForwardMsg.FINISHED_WITH_COMPILE_ERROR}
WIDGETS = ("slider", "radio", "button", "text_input", "number_input", "selectbox", "checkbox", "toggle",
           "component_instance", "segmented_control", "button_group")


@dataclass
class Widget:
    kind: str
    id: str
    label: str
    proto: Any
    fragment_id: str = ""


@dataclass
class RunResult:
    seconds: float
    texts: list[str]
    exception: str | None = None
    status: int = 0


@dataclass
class Session:
    """One browser tab: one websocket, one Streamlit session."""

    base_url: str  # http://127.0.0.1:8501
    page: str = ""  # url path of a page ("Join_workshop"), "" for the main script
    query: str = ""
    cookie: str | None = None  # sent on the websocket upgrade (sticky sessions behind a proxy)
    timeout: float = 60.0
    widgets: dict[str, Widget] = field(default_factory=dict)  # by label
    states: dict[str, WidgetState] = field(default_factory=dict)  # by widget id: what the user has set
    texts: list[str] = field(default_factory=list)
    auto_reruns: dict[str, float] = field(default_factory=dict)  # fragment id -> interval (s)
    session_id: str = ""
    upstream: str = ""  # which server answered (the proxy's X-Upstream header), if any

    def __post_init__(self) -> None:
        self._ws: Any = None
        self._finished: asyncio.Queue[tuple[int, float]] = asyncio.Queue()
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()
        self._exception: str | None = None
        self.closed = False

    # ------------------------------------------------------------ connection

    async def connect(self) -> RunResult:
        """Open the websocket and run the page once (what a browser does on load)."""
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        path = parts.path.rstrip("/")
        headers = {"Cookie": self.cookie} if self.cookie else None
        t0 = time.perf_counter()
        self._ws = await asyncio.wait_for(websockets.connect(
            f"{scheme}://{parts.netloc}{path}/_stcore/stream", subprotocols=["streamlit"],
            additional_headers=headers, max_size=None, open_timeout=self.timeout, ping_interval=None),
            self.timeout)
        response = getattr(self._ws, "response", None)
        if response is not None:
            self.upstream = response.headers.get("X-Upstream", "")
        self._reader = asyncio.create_task(self._read())
        result = await self.rerun()
        result.seconds = time.perf_counter() - t0
        return result

    async def close(self) -> None:
        self.closed = True
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            try:
                await self._reader
            except (asyncio.CancelledError, Exception):  # noqa: BLE001 - closing anyway
                pass

    async def _read(self) -> None:
        try:
            async for data in self._ws:
                msg = ForwardMsg()
                msg.ParseFromString(data)
                self._handle(msg)
        except websockets.ConnectionClosed:
            pass
        finally:
            self.closed = True
            self._finished.put_nowait((-1, time.perf_counter()))

    def _handle(self, msg: ForwardMsg) -> None:
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.session_id = msg.new_session.initialize.session_id if msg.new_session.HasField("initialize") else ""
        elif kind == "delta":
            delta = msg.delta
            if delta.WhichOneof("type") == "new_element":
                self._element(delta.new_element, delta.fragment_id)
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.auto_reruns[msg.auto_rerun.fragment_id] = float(msg.auto_rerun.interval)
        elif kind == "stop_auto_rerun":
            for fid in msg.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        elif kind == "script_finished":
            self._finished.put_nowait((int(msg.script_finished), time.perf_counter()))

    def _element(self, el: Any, fragment_id: str) -> None:
        kind = el.WhichOneof("type")
        if kind in WIDGETS:
            w = getattr(el, kind)
            label = getattr(w, "label", "") or getattr(w, "component_name", "")
            self.widgets[label] = Widget(kind, w.id, label, w, fragment_id)
        elif kind in ("text", "markdown", "alert", "heading", "code", "metric"):
            body = getattr(el, kind)
            self.texts.append(getattr(body, "body", "") or getattr(body, "label", "") or getattr(body, "text", ""))
            if kind == "metric":
                self.texts.append(f"{body.label}: {body.body}")
        elif kind == "exception":
            self._exception = f"{el.exception.type}: {el.exception.message}"
        elif kind == "table":
            self.texts.append("<table>")

    # ------------------------------------------------------------ requests

    async def rerun(self, fragment_id: str = "", auto: bool = False, trigger: str | None = None) -> RunResult:
        """Send the current widget values (plus a button trigger) and wait until the run finishes."""
        async with self._lock:
            self.texts = []
            self._exception = None
            if not fragment_id:
                self.auto_reruns.clear()  # a full run registers its self-refreshing fragments again
            while not self._finished.empty():
                self._finished.get_nowait()
            msg = BackMsg()
            cs = msg.rerun_script
            cs.query_string = self.query
            cs.page_name = self.page
            cs.fragment_id = fragment_id
            cs.is_auto_rerun = auto
            for wid, state in self.states.items():
                cs.widget_states.widgets.append(state)
            if trigger is not None:
                cs.widget_states.widgets.append(WidgetState(id=trigger, trigger_value=True))
            t0 = time.perf_counter()
            await self._ws.send(msg.SerializeToString())
            status, t1 = -1, t0
            deadline = t0 + self.timeout
            while True:
                try:
                    status, t1 = await asyncio.wait_for(self._finished.get(), max(0.01, deadline - time.perf_counter()))
                except asyncio.TimeoutError:
                    raise TimeoutError(f"no script_finished within {self.timeout:.0f} s") from None
                if status == -1:
                    raise ConnectionError("the server closed the websocket")
                if status in FINISHED:
                    break
            return RunResult(t1 - t0, list(self.texts), self._exception, status)

    async def send_only(self, trigger: str | None = None, fragment_id: str = "") -> None:
        """Send a rerun and do not wait for it (a click just before the connection drops)."""
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page
        cs.fragment_id = fragment_id
        for state in self.states.values():
            cs.widget_states.widgets.append(state)
        if trigger is not None:
            cs.widget_states.widgets.append(WidgetState(id=trigger, trigger_value=True))
        await self._ws.send(msg.SerializeToString())

    def widget(self, label: str) -> Widget:
        try:
            return self.widgets[label]
        except KeyError:
            raise KeyError(f"no widget labelled {label!r}; seen: {sorted(self.widgets)}") from None

    def set_slider(self, label: str, value: float) -> Widget:
        w = self.widget(label)
        self.states[w.id] = WidgetState(id=w.id, double_array_value={"data": [float(value)]})
        return w

    def set_text(self, label: str, value: str) -> Widget:
        w = self.widget(label)
        self.states[w.id] = WidgetState(id=w.id, string_value=value)
        return w

    def set_number(self, label: str, value: float) -> Widget:
        w = self.widget(label)
        if getattr(w.proto, "data_type", 0) == 0:  # INT
            self.states[w.id] = WidgetState(id=w.id, int_value=int(value))
        else:
            self.states[w.id] = WidgetState(id=w.id, double_value=float(value))
        return w

    def set_choice(self, label: str, option: str) -> Widget:
        w = self.widget(label)
        self.states[w.id] = WidgetState(id=w.id, string_value=option)
        return w

    def set_json(self, label: str, value: str) -> Widget:
        w = self.widget(label)
        self.states[w.id] = WidgetState(id=w.id, json_value=value)
        return w

    async def click(self, label: str) -> RunResult:
        w = self.widget(label)
        return await self.rerun(fragment_id=w.fragment_id, trigger=w.id)

    async def change(self, w: Widget) -> RunResult:
        """The rerun a browser sends after a widget changed (only its fragment if it lives in one)."""
        return await self.rerun(fragment_id=w.fragment_id)
