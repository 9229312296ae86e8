"""One Pagefind index made through Pagefind's service (`pagefind --service`), its pages given
in the order of their paths.

Pure: imports nothing of the plugin. Pagefind numbers a bundle's pages in the order it meets
them, and every word chunk, filter and sort names pages by number. Its command line meets them
in the order the file system lists them (tmpfs newest first, ext4 by a hash seeded per file
system), so two machines made different bundles of the same pages, and putting the numbers
in one order afterwards meant decoding and rewriting every word chunk: two thirds of the index's
time at 20,000 items. The service handles its requests one after the other, in the order they
arrive, so pages sent in the order of their paths are numbered in that order on any machine.

The protocol, as Pagefind's own Python wrapper speaks it: each request and response is JSON,
base64-encoded and followed by a comma; responses carry the request's message_id. The wrapper
itself waits 0.1 s between reads, a tenth of a second per page: this client writes every
request from one thread while it reads the answers in another. The bundle's files come back
in the last answer (GetFiles) and are written here: the service's own WriteFiles answers
before its last writes are done, and the service ends at once when its input ends, which
cut the larger files short.
"""

from __future__ import annotations

import base64
import json
import subprocess
import threading
from pathlib import Path


class ServiceError(RuntimeError):
    """Pagefind refused a page or could not write the index; the message carries its words."""


def _executable() -> str:
    from pagefind_bin import get_executable  # the binary shipped in pagefind[bin]'s wheel
    return str(get_executable())


def _request(message_id: int, payload: dict) -> bytes:
    body = json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False).encode("utf-8")
    return base64.b64encode(body) + b","


def url_of(relative: str) -> str:
    """The URL Pagefind's command line gives a page file: its path, without a final index.html."""
    return "/" + (relative[:-len("index.html")] if relative.endswith("/index.html") or relative == "index.html"
                  else relative)


def index_pages(site: Path, relatives: list[str], output: Path, on_start=lambda: None) -> list[str]:
    """Index the pages at `relatives` (paths under site, in the order given) into `output`;
    the URLs of the pages Pagefind indexed, in the order it numbered them. Raise ServiceError
    with Pagefind's words on any refusal.
    on_start() is called once the service's process has started (or failed to)."""
    try:
        process = subprocess.Popen([_executable(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE)
    finally:
        on_start()
    last = len(relatives) + 1  # the GetFiles request
    failures: list[str] = []
    bundle: list[dict] = []

    def send():
        try:
            process.stdin.write(_request(0, {"type": "NewIndex", "config": {}}))
            for number, relative in enumerate(relatives, 1):
                contents = (site / relative).read_text(encoding="utf-8")
                process.stdin.write(_request(number, {"type": "AddFile", "index_id": 0, "url": url_of(relative),
                                                      "file_contents": contents}))
            process.stdin.write(_request(last, {"type": "GetFiles", "index_id": 0}))
            process.stdin.flush()
        except BrokenPipeError:
            failures.append("Pagefind's service ended before it was given every page")
        except OSError as error:
            failures.append(f"{error.filename or site}: {error.strerror} [Errno {error.errno}]")
            process.stdin.close()
        except UnicodeDecodeError as error:  # the build writes UTF-8: a page that is not was not written by it
            failures.append(f"{site / relative}: not UTF-8 ({error.reason} at byte {error.start})")
            process.stdin.close()

    writer = threading.Thread(target=send, daemon=True)
    writer.start()
    indexed: list[str] = []
    pending = bytearray()
    try:
        while True:
            chunk = process.stdout.read1(1 << 16)
            if not chunk:
                break
            # The last answer holds the whole bundle (megabytes, read 64 KB at a time): only the
            # new chunk is searched for the separator, and the buffer grows in place.
            end = chunk.rfind(b",")
            if end < 0:
                pending += chunk
                continue
            pending += chunk[:end]
            answers = bytes(pending).split(b",")
            pending[:] = chunk[end + 1:]
            for answer in answers:
                response = json.loads(base64.b64decode(answer))
                payload = response["payload"]
                if payload["type"] == "Error":
                    failures.append(payload.get("message", "").strip())
                elif payload["type"] == "IndexedFile":
                    indexed.append(payload["page_url"])
                elif payload["type"] == "GetFiles":
                    bundle = payload["files"]
                if response.get("message_id") == last:
                    raise StopIteration  # every answer read: an error for one page leaves the rest going
    except StopIteration:
        pass
    finally:
        writer.join()
        if not process.stdin.closed:
            try:
                process.stdin.close()  # the service ends at the end of its input
            except BrokenPipeError:
                pass
        stderr = process.stderr.read().decode("utf-8", "replace")
        process.stdout.close()
        process.stderr.close()
        process.wait()
    if failures or process.returncode not in (0, None):
        raise ServiceError("\n".join(failures + ([stderr.strip()] if stderr.strip() else []))
                           or f"exit {process.returncode}")
    for file in bundle:
        path = output / file["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(file["content"]))
    return indexed
