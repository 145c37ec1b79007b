"""ASGI layers around the app: the build switch that follows dist/current, the response cache."""
