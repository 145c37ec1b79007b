"""JSON-LD processing never reaches the network: a remote context is refused, not fetched."""

from __future__ import annotations

import socket

import pytest
from pyld import jsonld

from practicegraph.formats import RemoteDocumentError, refuse_remote


def test_a_remote_context_is_refused_without_a_connection() -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    document = {"@context": f"http://127.0.0.1:{port}/context.jsonld", "name": "x"}
    with pytest.raises(jsonld.JsonLdError) as raised:
        jsonld.expand(document, {"documentLoader": refuse_remote})
    assert isinstance(raised.value.__cause__, RemoteDocumentError)
    with pytest.raises(TimeoutError):
        listener.accept()
    listener.close()
