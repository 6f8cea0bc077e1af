"""The test server's OpenAI Batch API: /v1/files (upload, list, content) and /v1/batches
(create, retrieve, list, cancel). Each batch line goes through the server's own chat handler
(a real request to itself, marked so tests can tell it from a direct one), with failed lines,
expiry and cancellation on demand. Output lines come back in a different order than the input.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fake_llm import FakeLLM

BATCH_HEADER = "X-Fake-Batch"


class _Server(ThreadingHTTPServer):
    request_queue_size = 256
    daemon_threads = True


@dataclass
class FakeBatchLLM(FakeLLM):
    """FakeLLM plus the Batch API. Modes: `batch_delay` (seconds in progress before any line
    runs), `fail_line(custom_id)` → an error-file line, `expire_after` / `cancel_after` N lines."""

    batch_delay: float = 0.0
    fail_line: Callable[[str], bool] | None = None
    expire_after: int | None = None
    cancel_after: int | None = None
    workers: int = 16
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)
    uploads: list[str] = field(default_factory=list)
    batch_crashes: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__post_init__()
        self._server.server_close()  # the same server with a deeper accept queue (16 lines at once)
        self._server = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def direct_requests(self) -> list[dict[str, Any]]:
        """Chat requests that did not come from a batch."""
        with self._lock:
            return [r for r, h in zip(self.requests, self.headers, strict=True) if BATCH_HEADER.lower() not in h]

    # --- objects ------------------------------------------------------------------------------

    def _new_file(self, data: bytes, filename: str, purpose: str) -> dict[str, Any]:
        with self._lock:
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = {"id": file_id, "object": "file", "bytes": len(data), "created_at": int(time.time()),
                                   "filename": filename, "purpose": purpose, "status": "processed", "_data": data}
            return self.files[file_id]

    @staticmethod
    def _public(obj: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in obj.items() if not k.startswith("_")}

    def _create_batch(self, request: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            batch_id = f"batch_{len(self.batches) + 1}"
            lines = self.files[request["input_file_id"]]["_data"].decode().splitlines()
            batch = {"id": batch_id, "object": "batch", "endpoint": request["endpoint"], "errors": None,
                     "input_file_id": request["input_file_id"], "completion_window": request["completion_window"],
                     "status": "validating", "output_file_id": None, "error_file_id": None,
                     "created_at": int(time.time()), "metadata": request.get("metadata"),
                     "request_counts": {"total": len([x for x in lines if x.strip()]), "completed": 0, "failed": 0},
                     "_cancel": False}
            self.batches[batch_id] = batch
        threading.Thread(target=self._process, args=(batch_id,), daemon=True).start()
        return batch

    def _chat(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        host, port = self._server.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=60)
        try:
            conn.request("POST", "/v1/chat/completions", json.dumps(body),
                         {"Content-Type": "application/json", BATCH_HEADER: "1"})
            response = conn.getresponse()
            raw = response.read()
            try:
                return response.status, json.loads(raw)
            except ValueError:
                return 500, {"error": {"message": "malformed answer"}}
        finally:
            conn.close()

    def _process(self, batch_id: str) -> None:
        try:
            self._run_batch(batch_id)
        except Exception as exc:  # a bug here must fail the test, not hang it
            import traceback

            self.batch_crashes.append(traceback.format_exc())
            self.batches[batch_id].update(status="failed", errors={"object": "list", "data": [
                {"code": "fake_server_crash", "message": repr(exc)}]})

    def _run_batch(self, batch_id: str) -> None:
        batch = self.batches[batch_id]
        time.sleep(self.batch_delay / 2)
        batch["status"] = "in_progress"
        time.sleep(self.batch_delay / 2)
        requests = [json.loads(x) for x in self.files[batch["input_file_id"]]["_data"].decode().splitlines() if x.strip()]
        limit = min(n for n in (self.expire_after, self.cancel_after, len(requests)) if n is not None)
        outputs, errors = [], []

        def run(index_line: tuple[int, dict[str, Any]]) -> None:
            index, line = index_line
            if index >= limit or batch["_cancel"]:
                return
            custom_id = line["custom_id"]
            if self.fail_line is not None and self.fail_line(custom_id):
                status, body = 500, {"error": {"message": "the model could not process this request", "code": "server_error"}}
            else:
                status, body = self._chat(line["body"])
            record = {"id": f"batch_req_{index}", "custom_id": custom_id,
                      "response": {"status_code": status, "request_id": f"req_{index}", "body": body}, "error": None}
            with self._lock:
                (outputs if status == 200 else errors).append(record)
                batch["request_counts"]["completed" if status == 200 else "failed"] += 1

        with ThreadPoolExecutor(self.workers) as pool:
            list(pool.map(run, enumerate(requests)))
        batch["status"] = "finalizing"
        random.Random(batch_id).shuffle(outputs)  # output order is not input order
        if outputs:
            batch["output_file_id"] = self._new_file("".join(json.dumps(o) + "\n" for o in outputs).encode(),
                                                     f"{batch_id}_output.jsonl", "batch_output")["id"]
        if errors:
            batch["error_file_id"] = self._new_file("".join(json.dumps(e) + "\n" for e in errors).encode(),
                                                    f"{batch_id}_error.jsonl", "batch_output")["id"]
        if batch["_cancel"] or (self.cancel_after is not None and limit < len(requests)):
            batch["status"], batch["cancelled_at"] = "cancelled", int(time.time())
        elif self.expire_after is not None and limit < len(requests):
            batch["status"], batch["expired_at"] = "expired", int(time.time())
        else:
            batch["status"], batch["completed_at"] = "completed", int(time.time())

    # --- HTTP ---------------------------------------------------------------------------------

    def _handler(self):
        base = super()._handler()
        llm = self

        class BatchHandler(base):
            def do_GET(self) -> None:
                url = urlsplit(self.path)
                parts = url.path.strip("/").split("/")
                if parts[:2] == ["v1", "files"]:
                    if len(parts) == 2:
                        purpose = parse_qs(url.query).get("purpose", [None])[0]
                        data = [llm._public(f) for f in llm.files.values() if purpose in (None, f["purpose"])]
                        return self._send(200, {"object": "list", "data": data, "has_more": False})
                    file = llm.files.get(parts[2])
                    if file is None:
                        return self._send(404, {"error": {"message": "no such file"}})
                    if parts[3:] == ["content"]:
                        return self._send(200, file["_data"])
                    return self._send(200, llm._public(file))
                if parts[:2] == ["v1", "batches"]:
                    if len(parts) == 2:
                        data = [llm._public(b) for b in reversed(list(llm.batches.values()))]
                        return self._send(200, {"object": "list", "data": data, "has_more": False})
                    batch = llm.batches.get(parts[2])
                    if batch is None:
                        return self._send(404, {"error": {"message": "no such batch"}})
                    return self._send(200, llm._public(batch))
                return super().do_GET()

            def do_POST(self) -> None:
                parts = urlsplit(self.path).path.strip("/").split("/")
                if parts[:2] not in (["v1", "files"], ["v1", "batches"]):
                    return super().do_POST()
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if parts == ["v1", "files"]:
                    message = BytesParser(policy=HTTP).parsebytes(
                        b"Content-Type: " + self.headers["Content-Type"].encode() + b"\r\n\r\n" + raw)
                    fields = {p.get_param("name", header="content-disposition"): p for p in message.iter_parts()}
                    data = fields["file"].get_payload(decode=True)
                    purpose = fields["purpose"].get_payload(decode=True).decode()
                    file = llm._new_file(data, fields["file"].get_filename() or "upload.jsonl", purpose)
                    llm.uploads.append(file["id"])
                    return self._send(200, llm._public(file))
                if parts == ["v1", "batches"]:
                    return self._send(200, llm._public(llm._create_batch(json.loads(raw))))
                batch = llm.batches.get(parts[2]) if len(parts) == 4 and parts[3] == "cancel" else None
                if batch is None:
                    return self._send(404, {"error": {"message": "no such batch"}})
                batch["_cancel"] = True
                if batch["status"] not in ("completed", "failed", "expired", "cancelled"):
                    batch["status"] = "cancelling"
                return self._send(200, llm._public(batch))

        return BatchHandler
