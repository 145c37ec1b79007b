"""The HTTP floor of the load test: the least a FastAPI route on uvicorn can do on this machine."""

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.get("/")
def hello() -> PlainTextResponse:
    return PlainTextResponse("hello\n")
