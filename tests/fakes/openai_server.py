"""A small OpenAI-compatible HTTP server on loopback, for tests and benchmarks.

It speaks enough of the OpenAI API for the real SDK code path to run: chat completions (plain and
streamed), structured output (answered with JSON that fits the request's `response_format`),
embeddings (deterministic hashed bag of words) and the model list. Tests script it: queue canned
replies or faults, set a sticky reply for every request, add latency, and read the request log.

In a test::

    def test_x(fake_openai):            # the pytest fixture below
        fake_openai.enqueue({"status": 429, "retry_after": 0.01})
        ... settings.openai_base_url = fake_openai.base_url ...
        assert fake_openai.requests[-1]["path"] == "/v1/chat/completions"

From another process (AppTest, browser tests)::

    python -m tests.fakes.openai_server --port 0      # prints {"url": ..., "base_url": ...}
    FakeOpenAIControl("http://127.0.0.1:PORT").enqueue({"fault": "prose"})

A reply is a JSON-able dict; every key is optional:

- `content` (str) or `json` (any): what the assistant says; `json` is sent as JSON text.
- `status` (int): answer with this HTTP error; `retry_after` (seconds) adds a Retry-After header,
  `message` sets the error message.
- `delay` (seconds): wait before answering (use with a short client timeout for a timeout).
- `finish_reason`: "stop" (default), "length" (the content is cut in half) or "content_filter".
- `fault`: "malformed_body" (HTTP body is broken JSON), "prose" (content is prose, no JSON),
  "malformed_json" (content is broken JSON), "fenced" (JSON inside prose and a code fence),
  "cut" (the connection closes mid-answer: mid-stream without [DONE], or mid-body), "drop"
  (the connection closes before any answer).
- `cut_after` (int): with fault "cut" on a stream, how many content chunks go out first (2).
- `endpoint`: "chat" or "embeddings" to apply only there (default: the next request of any kind).

`reject_response_format = True` makes the server answer 400 to any `response_format`, as some
OpenAI-compatible servers do; a JSON schema quoted in the system prompt ("... JSON schema: {...}")
is then still answered with fitting JSON.

With no queued reply and no sticky reply, chat answers "Test reply: <last user message>" and a
structured request gets JSON built from its schema (see `json_by_schema` to pick the object).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import hashlib
import json
import math
import re
import signal
import sys
import threading
import time
import urllib.request
from collections import deque
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Reply = dict[str, Any]

EMBEDDING_DIMENSIONS = 64
DEFAULT_MODELS = ("gpt-4o-mini", "text-embedding-3-small")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    fake: FakeOpenAIServer

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up (timeouts, cut streams) is normal here, not an error."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


class FakeOpenAIServer:
    """An OpenAI-compatible server on 127.0.0.1 in a background thread; scriptable per request."""

    def __init__(self, port: int = 0, *, latency: float = 0.0) -> None:
        self._lock = threading.Lock()
        self._queue: deque[Reply] = deque()
        self._sticky: Reply | None = None
        self._requests: list[dict[str, Any]] = []
        self.json_by_schema: dict[str, Any] = {}
        self.reject_response_format = False
        self.latency = latency
        self.in_flight = 0
        self.max_in_flight = 0
        self._httpd = _Server(("127.0.0.1", port), _Handler)
        self._httpd.fake = self
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """The server's root, without /v1."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """The OpenAI base URL, with /v1."""
        return f"{self.url}/v1"

    def start(self) -> FakeOpenAIServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-openai",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- scripting ---------------------------------------------------------------------------

    def enqueue(self, *replies: Reply) -> None:
        """Queue replies; each is used once, in order, by the next matching request."""
        with self._lock:
            self._queue.extend(copy.deepcopy(r) for r in replies)

    def set_sticky(self, reply: Reply | None) -> None:
        """Answer every request with `reply` when the queue is empty (None turns it off)."""
        with self._lock:
            self._sticky = copy.deepcopy(reply)

    def reset(self) -> None:
        """Forget queued and sticky replies, the log, latency and counters."""
        with self._lock:
            self._queue.clear()
            self._sticky = None
            self._requests.clear()
            self.json_by_schema = {}
            self.reject_response_format = False
            self.latency = 0.0
            self.max_in_flight = 0

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every request so far: method, path, headers (lower-case names) and JSON body."""
        with self._lock:
            return list(self._requests)

    @property
    def queued(self) -> int:
        with self._lock:
            return len(self._queue)

    def control(self, command: dict[str, Any]) -> dict[str, Any]:
        """Apply a control command (the body of POST /_control) and return the state."""
        if command.get("reset"):
            self.reset()
        if "enqueue" in command:
            self.enqueue(*command["enqueue"])
        if "sticky" in command:
            self.set_sticky(command["sticky"])
        if "latency" in command:
            self.latency = float(command["latency"])
        if "json_by_schema" in command:
            self.json_by_schema = dict(command["json_by_schema"])
        if "reject_response_format" in command:
            self.reject_response_format = bool(command["reject_response_format"])
        return self.state()

    def state(self) -> dict[str, Any]:
        return {
            "requests": self.requests,
            "queued": self.queued,
            "latency": self.latency,
            "max_in_flight": self.max_in_flight,
        }

    # -- internals ---------------------------------------------------------------------------

    def _record(self, method: str, path: str, headers: dict[str, str], body: Any) -> None:
        with self._lock:
            self._requests.append(
                {"method": method, "path": path, "headers": headers, "body": body}
            )

    def _next_reply(self, endpoint: str) -> Reply:
        with self._lock:
            for i, reply in enumerate(self._queue):
                if reply.get("endpoint") in (None, endpoint):
                    del self._queue[i]
                    return reply
            return copy.deepcopy(self._sticky) if self._sticky else {}

    @contextlib.contextmanager
    def _counting(self) -> Iterator[None]:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            yield
        finally:
            with self._lock:
                self.in_flight -= 1


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet; the request log is the record."""

    # -- plumbing ----------------------------------------------------------------------------

    def _read_json(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            return json.loads(raw) if raw else None
        except ValueError:
            return raw.decode("utf-8", "replace")

    def _send(
        self,
        status: int,
        body: bytes,
        *,
        content_type: str = "application/json",
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _send_json(self, status: int, obj: Any, headers: dict[str, str] | None = None) -> None:
        self._send(status, json.dumps(obj).encode(), headers=headers)

    def _drop(self) -> None:
        """Close the connection abruptly."""
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.wfile.flush()
            self.connection.shutdown(2)

    # -- routes ------------------------------------------------------------------------------

    def do_GET(self) -> None:
        fake = self.server.fake
        path = self.path.split("?")[0]
        if path == "/_control":
            self._send_json(200, fake.state())
        elif path == "/v1/models":
            fake._record("GET", path, self._header_dict(), None)
            data = [
                {"id": m, "object": "model", "created": 0, "owned_by": "fake"}
                for m in DEFAULT_MODELS
            ]
            self._send_json(200, {"object": "list", "data": data})
        elif path == "/health":
            self._send_json(200, {"ok": True})
        else:
            self._send_json(404, _error_body("Not found: " + path, "not_found"))

    def do_POST(self) -> None:
        fake = self.server.fake
        path = self.path.split("?")[0]
        body = self._read_json()
        if path == "/_control":
            self._send_json(200, fake.control(body or {}))
            return
        endpoints = {"/v1/chat/completions": "chat", "/v1/embeddings": "embeddings"}
        endpoint = endpoints.get(path)
        if endpoint is None:
            self._send_json(404, _error_body("Not found: " + path, "not_found"))
            return
        fake._record("POST", path, self._header_dict(), body)
        with fake._counting():
            try:
                self._answer(endpoint, body if isinstance(body, dict) else {})
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

    def _header_dict(self) -> dict[str, str]:
        return {k.lower(): v for k, v in self.headers.items()}

    def _answer(self, endpoint: str, body: dict[str, Any]) -> None:
        fake = self.server.fake
        if endpoint == "chat" and fake.reject_response_format and body.get("response_format"):
            message = "response_format is not supported by this server"
            self._send_json(400, _error_body(message, "invalid_request_error"))
            return
        reply = fake._next_reply(endpoint)
        delay = fake.latency + float(reply.get("delay") or 0)
        if delay:
            time.sleep(delay)
        if reply.get("fault") == "drop":
            self._drop()
            return
        if "status" in reply:
            status = int(reply["status"])
            headers = {}
            if reply.get("retry_after") is not None:
                headers["Retry-After"] = _format_seconds(float(reply["retry_after"]))
            message = reply.get("message") or f"Fake error {status}"
            self._send_json(status, _error_body(message, _error_type(status)), headers)
            return
        if endpoint == "embeddings":
            self._answer_embeddings(body)
            return
        if reply.get("fault") == "malformed_body":
            broken = b'{"id": "chatcmpl-fake", "object": "chat.completion", "choices": [{"ind'
            self._send(200, broken)
            return
        content = self._content_for(reply, body)
        finish_reason = reply.get("finish_reason") or "stop"
        if finish_reason == "length":
            content = content[: max(1, len(content) // 2)]
        if body.get("stream"):
            self._stream(body, content, finish_reason, reply)
        else:
            self._complete(body, content, finish_reason, reply)

    def _content_for(self, reply: Reply, body: dict[str, Any]) -> str:
        fault = reply.get("fault")
        if fault == "prose":
            return "Sure! Here are some thoughts about your request, written as plain prose."
        if "content" in reply:
            return str(reply["content"])
        if "json" in reply:
            obj = reply["json"]
        elif _schema_of(body) is not None:
            obj = self._json_for_schema(body)
        else:
            return "Test reply: " + _last_user_message(body)
        text = json.dumps(obj)
        if fault == "malformed_json":
            return text[: max(1, len(text) // 2)]
        if fault == "fenced":
            return f"Here is the JSON you asked for:\n```json\n{text}\n```\nLet me know!"
        return text

    def _json_for_schema(self, body: dict[str, Any]) -> Any:
        fake = self.server.fake
        name, schema = _schema_of(body) or ("", {})
        if name in fake.json_by_schema:
            return fake.json_by_schema[name]
        return example_for_schema(schema, schema.get("$defs", {}))

    def _complete(
        self, body: dict[str, Any], content: str, finish_reason: str, reply: Reply
    ) -> None:
        completion = {
            "id": "chatcmpl-fake",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": body.get("model") or DEFAULT_MODELS[0],
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "finish_reason": finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": _usage(body, content),
        }
        data = json.dumps(completion).encode()
        if reply.get("fault") == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2])
            self._drop()
            return
        self._send(200, data)

    def _stream(self, body: dict[str, Any], content: str, finish_reason: str, reply: Reply) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        model = body.get("model") or DEFAULT_MODELS[0]

        def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {
                "id": "chatcmpl-fake",
                "object": "chat.completion.chunk",
                "created": int(time.time()),
                "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
            }

        pieces = re.findall(r"\S+\s*|\s+", content) or [""]
        cut_after = int(reply.get("cut_after", 2)) if reply.get("fault") == "cut" else None
        self._event(chunk({"role": "assistant", "content": ""}))
        for i, piece in enumerate(pieces):
            if cut_after is not None and i >= cut_after:
                self._drop()
                return
            self._event(chunk({"content": piece}))
        if cut_after is not None:
            self._drop()
            return
        self._event(chunk({}, finish_reason))
        # A usage chunk with no choices, as servers send with include_usage: clients must cope.
        usage_chunk = chunk({})
        usage_chunk["choices"] = []
        usage_chunk["usage"] = _usage(body, content)
        self._event(usage_chunk)
        self._write_chunk(b"data: [DONE]\n\n")
        self._write_chunk(b"")

    def _event(self, obj: dict[str, Any]) -> None:
        self._write_chunk(b"data: " + json.dumps(obj).encode() + b"\n\n")

    def _write_chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):X}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def _answer_embeddings(self, body: dict[str, Any]) -> None:
        inputs = body.get("input")
        texts = [inputs] if isinstance(inputs, str) else list(inputs or [])
        dims = int(body.get("dimensions") or EMBEDDING_DIMENSIONS)
        data = [
            {"object": "embedding", "index": i, "embedding": hashed_embedding(str(t), dims)}
            for i, t in enumerate(texts)
        ]
        tokens = sum(len(str(t).split()) for t in texts)
        self._send_json(
            200,
            {
                "object": "list",
                "data": data,
                "model": body.get("model") or DEFAULT_MODELS[1],
                "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
            },
        )


# -- helpers ---------------------------------------------------------------------------------


def hashed_embedding(text: str, dimensions: int = EMBEDDING_DIMENSIONS) -> list[float]:
    """A unit vector from a hashed bag of words: texts sharing words point the same way."""
    vector = [0.0] * dimensions
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        digest = hashlib.blake2b(word.encode(), digest_size=8).digest()
        index = int.from_bytes(digest[:4], "big") % dimensions
        sign = 1.0 if digest[4] & 1 else -1.0
        vector[index] += sign
    norm = math.sqrt(sum(v * v for v in vector))
    if norm == 0:
        vector[0] = 1.0
        return vector
    return [v / norm for v in vector]


def example_for_schema(schema: dict[str, Any], defs: dict[str, Any], name: str = "value") -> Any:
    """A small instance that fits a JSON schema (objects, arrays, enums, refs, anyOf)."""
    if "$ref" in schema:
        ref = schema["$ref"].rsplit("/", 1)[-1]
        return example_for_schema(defs.get(ref, {}), defs, name)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example_for_schema(options[0], defs, name)
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object" or "properties" in schema:
        props = schema.get("properties", {})
        return {key: example_for_schema(sub, defs, key) for key, sub in props.items()}
    if kind == "array":
        count = max(1, int(schema.get("minItems", 1)))
        return [example_for_schema(schema.get("items", {}), defs, name) for _ in range(count)]
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    return f"Sample {name}"


def _schema_of(body: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The requested JSON schema: from response_format, or one quoted in the system prompt."""
    fmt = body.get("response_format")
    if not isinstance(fmt, dict):
        return _schema_in_prompt(body)
    if fmt.get("type") == "json_schema":
        spec = fmt.get("json_schema") or {}
        return str(spec.get("name", "")), dict(spec.get("schema") or {})
    if fmt.get("type") == "json_object":
        return "", {"type": "object", "properties": {}}
    return None


def _schema_in_prompt(body: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    for message in body.get("messages") or []:
        content = message.get("content")
        if message.get("role") != "system" or not isinstance(content, str):
            continue
        m = re.search(r"JSON schema:\s*", content)
        if not m:
            continue
        try:
            schema, _ = json.JSONDecoder().raw_decode(content, m.end())
        except ValueError:
            continue
        if isinstance(schema, dict):
            return str(schema.get("title", "")), schema
    return None


def _last_user_message(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages") or []):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
            return str(content or "")[:200]
    return ""


def _usage(body: dict[str, Any], content: str) -> dict[str, int]:
    prompt = sum(len(str(m.get("content", "")).split()) for m in body.get("messages") or [])
    completion = len(content.split())
    return {
        "prompt_tokens": prompt,
        "completion_tokens": completion,
        "total_tokens": prompt + completion,
    }


def _error_type(status: int) -> str:
    return {
        400: "invalid_request_error",
        401: "authentication_error",
        403: "permission_error",
        404: "not_found",
        429: "rate_limit_exceeded",
    }.get(status, "server_error")


def _error_body(message: str, kind: str) -> dict[str, Any]:
    return {"error": {"message": message, "type": kind, "param": None, "code": kind}}


def _format_seconds(seconds: float) -> str:
    return str(int(seconds)) if seconds == int(seconds) else f"{seconds:g}"


# -- steering from another process ------------------------------------------------------------


class FakeOpenAIControl:
    """Steers a fake server running in another process through its /_control endpoint."""

    def __init__(self, url: str, timeout: float = 5.0) -> None:
        self.url = url.rstrip("/").removesuffix("/v1")
        self.timeout = timeout

    def _post(self, command: dict[str, Any]) -> dict[str, Any]:
        request = urllib.request.Request(
            self.url + "/_control",
            data=json.dumps(command).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read())

    def enqueue(self, *replies: Reply) -> None:
        self._post({"enqueue": list(replies)})

    def set_sticky(self, reply: Reply | None) -> None:
        self._post({"sticky": reply})

    def set_latency(self, seconds: float) -> None:
        self._post({"latency": seconds})

    def set_json_by_schema(self, mapping: dict[str, Any]) -> None:
        self._post({"json_by_schema": mapping})

    def reset(self) -> None:
        self._post({"reset": True})

    def state(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.url + "/_control", timeout=self.timeout) as response:
            return json.loads(response.read())

    @property
    def requests(self) -> list[dict[str, Any]]:
        return self.state()["requests"]

    def wait_until_up(self, timeout: float = 10.0) -> None:
        """Poll until the server answers, or raise TimeoutError."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.state()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"fake OpenAI server at {self.url} did not start") from None
                time.sleep(0.05)


# -- pytest fixture ---------------------------------------------------------------------------

try:
    import pytest
except ImportError:  # pragma: no cover - the command line does not need pytest
    pytest = None  # type: ignore[assignment]

if pytest is not None:

    @pytest.fixture
    def fake_openai() -> Iterator[FakeOpenAIServer]:
        """A fresh fake OpenAI server for one test."""
        with FakeOpenAIServer() as server:
            yield server


# -- command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the fake OpenAI-compatible server.")
    parser.add_argument("--port", type=int, default=0, help="port (0 picks a free one)")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added per request")
    args = parser.parse_args(argv)
    server = FakeOpenAIServer(args.port, latency=args.latency)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    server.start()
    print(json.dumps({"url": server.url, "base_url": server.base_url, "port": server.port}))
    sys.stdout.flush()
    stop.wait()
    server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
