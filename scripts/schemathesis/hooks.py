"""Schemathesis hooks for Antar: the sync body's binary media type.

The schema gives the sync request as bytes (`application/vnd.antar.sync+postcard`);
Schemathesis generates a list of numbers for it, sent here as those bytes, so the
server's binary decoder is fuzzed through HTTP too.
"""

import schemathesis


@schemathesis.serializer("application/vnd.antar.sync+postcard")
def postcard(ctx, value):
    if isinstance(value, (bytes, bytearray)):
        return bytes(value)
    if isinstance(value, list):
        return bytes(int(x) % 256 for x in value if isinstance(x, int) and not isinstance(x, bool))
    return str(value).encode()
