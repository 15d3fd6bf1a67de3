#!/usr/bin/env python3
"""Writes src/test/resources/bad-input/*.jsonl (and good.json) for BadInputCorpusTest.
Run from anywhere: python3 src/test/resources/bad-input/make_corpus.py"""
import base64, json, os, struct, zlib, sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../../..")
OUT = os.path.join(ROOT, "src/test/resources/bad-input")
os.makedirs(OUT, exist_ok=True)
PNG = open(os.path.join(ROOT, "benchmarks/data/fashion-mnist-test-0.png"), "rb").read()
PNG_B64 = base64.b64encode(PNG).decode()
JSON = "application/json"
KEY = {"X-API-Key": "test-admin-key"}


def b64(data):
    return base64.b64encode(data).decode()


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)


def png(width, height, rows=None, bad_crc=False):
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    raw = rows if rows is not None else b"".join(b"\x00" + b"\x00" * width for _ in range(min(height, 4)))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    if bad_crc:
        data = bytearray(data)
        data[29] ^= 0xff  # last byte of the IHDR CRC
        data = bytes(data)
    return data


PIXEL_BOMB = png(50000, 50000, rows=b"")          # declares 2.5 Gpx, carries almost nothing
ZERO_WIDTH = png(0, 28, rows=b"")
CORRUPT_IDAT = bytearray(PNG)
for i in range(45, 90):
    CORRUPT_IDAT[i] ^= 0x5a
CORRUPT_IDAT = bytes(CORRUPT_IDAT)
TRUNCATED = PNG[:60]


class Family:
    def __init__(self, name):
        self.name, self.cases, self.names = name, [], set()

    def add(self, name, method, path, body=None, ct=JSON, *, raw=None, headers=None, status=None, expand=None):
        assert name not in self.names, name
        self.names.add(name)
        c = {"name": name, "method": method, "path": path}
        if ct is not None:
            c["content_type"] = ct
        if raw is not None:
            c["body_base64"] = b64(raw)
        elif body is not None:
            c["body"] = body
        if headers:
            c["headers"] = headers
        if status:
            c["status"] = status
        if expand:
            c["expand"] = expand
        self.cases.append(c)

    def write(self):
        with open(os.path.join(OUT, self.name + ".jsonl"), "w") as f:
            for c in self.cases:
                f.write(json.dumps(c, ensure_ascii=True) + "\n")
        return len(self.cases)


def rep(s, n):
    return {"repeat": s, "times": n}


def nested(depth, inner='"x"'):
    return {"{{OPEN}}": rep("[", depth), "{{CLOSE}}": rep("]", depth)}


INVALID_UTF8 = lambda field: b'{"' + field.encode() + b'": "caf\xc3\x28 \xff\xfe"}'

# ---------------------------------------------------------------- sentiment
S = Family("sentiment")
P = "/api/predict/sentiment"
s = lambda n, body, **kw: S.add(n, "POST", P, body, **kw)
s("malformed: unclosed object", '{"text": "hi"')
s("malformed: unquoted string", '{"text": hi}')
s("malformed: single quotes", "{'text': 'hi'}")
s("malformed: trailing comma", '{"text": "hi",}')
s("malformed: missing colon", '{"text" "hi"}')
s("malformed: comment in JSON", '{"text": "hi" /* note */}')
s("malformed: NaN literal", '{"text": "hi", "options": {"detailed": NaN}}')
s("trailing garbage after the object", '{"text":"hi"} x')
s("two objects in one body", '{"text":"hi"}{"text":"ho"}')
s("trailing closing bracket", '{"text":"hi"}]')
s("text is a number", '{"text": 5}')
s("text is a boolean", '{"text": true}')
s("text is an array", '{"text": ["hi"]}')
s("text is an object", '{"text": {"value": "hi"}}')
s("text is null", '{"text": null}')
s("text is missing", '{"model": "sentiment"}')
s("empty object", "{}")
s("text is empty", '{"text": ""}')
s("text is spaces only", '{"text": "     "}')
s("text is tabs and newlines only", '{"text": "\\t\\n\\r\\n"}')
s("text is a lone NUL", '{"text": "\\u0000"}')
s("text is control characters only", '{"text": "\\u0001\\u0002\\u0007\\u001b\\u001f"}')
s("text is NUL characters only", '{"text": "\\u0000\\u0000\\u0000\\u0000"}')
s("text is unicode whitespace only (NBSP, em space, ideographic space)", '{"text": "\\u00a0\\u2003\\u3000"}')
s("text is zero-width characters only", '{"text": "\\u200b\\u200c\\u200d\\ufeff"}')
s("text is a lone surrogate", '{"text": "\\ud800"}')
s("body is not valid UTF-8", None, raw=INVALID_UTF8("text"))
s("text is 10,001 characters", '{"text": "{{LONG}}"}', expand={"{{LONG}}": rep("a", 10001)})
s("text is 1,000,000 characters", '{"text": "{{LONG}}"}', expand={"{{LONG}}": rep("ab ", 333334)})
s("body over the 12M body limit", '{"text": "{{LONG}}"}', expand={"{{LONG}}": rep("x", 13 * 1024 * 1024)}, status=413)
s("duplicate keys", '{"text":"a","text":"b"}')
s("duplicate keys of different types", '{"text":"a","text":5}')
s("unknown field", '{"text":"hi","colour":1}')
s("unknown field inside options", '{"text":"hi","options":{"detailed":true,"verbose":1}}')
s("options is a string", '{"text":"hi","options":"detailed"}')
s("options is an array", '{"text":"hi","options":[true]}')
s("options.detailed is a non-boolean string", '{"text":"hi","options":{"detailed":"yes"}}')
s("options.detailed is the string \"true\"", '{"text":"hi","options":{"detailed":"true"}}')
s("options.detailed is a number", '{"text":"hi","options":{"detailed":1}}')
s("options.detailed is an object", '{"text":"hi","options":{"detailed":{}}}')
s("model is a number", '{"text":"hi","model":5}')
s("model is an object", '{"text":"hi","model":{"name":"sentiment"}}')
s("unknown model", '{"text":"hi","model":"no-such-model"}', status=404)
s("empty model name", '{"text":"hi","model":""}')
s("model name with path traversal", '{"text":"hi","model":"../sentiment"}')
s("model name in upper case", '{"text":"hi","model":"SENTIMENT"}', status=404)
s("model of another task (image)", '{"text":"hi","model":"image"}')
s("model of another task (tabular tensor model)", '{"text":"hi","model":"tabular"}')
s("model of another task (recommender)", '{"text":"hi","model":"recommender"}')
s("model name 100,000 characters", '{"text":"hi","model":"{{LONG}}"}', expand={"{{LONG}}": rep("m", 100000)})
s("unknown version", '{"text":"hi","version":"99"}', status=404)
s("version not numeric", '{"text":"hi","version":"abc"}', status=404)
s("version negative", '{"text":"hi","version":"-1"}', status=404)
s("version with a decimal point", '{"text":"hi","version":"1.0"}', status=404)
s("version overflows an int", '{"text":"hi","version":"99999999999"}', status=404)
s("version is a number, not a string", '{"text":"hi","version":1}')
s("version non-canonical with leading zero", '{"text":"hi","version":"01"}')
s("version non-canonical with plus sign", '{"text":"hi","version":"+1"}')
s("version is empty", '{"text":"hi","version":""}')
s("routing_key is a number", '{"text":"hi","routing_key":5}')
s("routing_key is an object", '{"text":"hi","routing_key":{"a":1}}')
s("body is null", "null")
s("body is an empty array", "[]")
s("body is an array of the object", '[{"text":"hi"}]')
s("body is a JSON string", '"hi"')
s("body is a JSON number", "5")
s("body is empty", "")
s("body is whitespace only", "   \n ")
s("deeply nested arrays in text", '{"text": {{OPEN}}"x"{{CLOSE}}}', expand=nested(5000))
s("deeply nested objects in an unknown field", '{"text": "hi", "x": {{OPEN}}1{{CLOSE}}}',
  expand={"{{OPEN}}": rep('{"a":', 5000), "{{CLOSE}}": rep("}", 5000)})
s("number with 5,000 digits in an unknown field", '{"text": "hi", "n": {{DIGITS}}}', expand={"{{DIGITS}}": rep("9", 5000)})
s("content type text/plain", '{"text":"hi"}', ct="text/plain", status=415)
s("content type application/xml", "<text>hi</text>", ct="application/xml", status=415)
s("no content type", '{"text":"hi"}', ct=None, status=415)
s("content type form-urlencoded", "text=hi", ct="application/x-www-form-urlencoded", status=415)
s("content type multipart with a JSON body", '{"text":"hi"}', ct="multipart/form-data", status=415)
s("content type application/octet-stream", '{"text":"hi"}', ct="application/octet-stream", status=415)
s("Accept application/xml only", '{"text":"hi"}', headers={"Accept": "application/xml"}, status=406)
S.add("GET instead of POST", "GET", P, ct=None, status=405)
S.add("PUT instead of POST", "PUT", P, '{"text":"hi"}', status=405)
S.add("DELETE instead of POST", "DELETE", P, ct=None, status=405)

# ---------------------------------------------------------------- image
I = Family("image")
P = "/api/predict/image"
raw = lambda n, data, ct="image/png", q="", **kw: I.add(n, "POST", P + q, None, ct, raw=data, **kw)
raw("raw: zero-byte image/png", b"", status=400)
raw("raw: text sent as image/png", b"hello, this is not an image")
raw("raw: JSON sent as image/png", b'{"image": "x"}')
raw("raw: truncated PNG (first 60 bytes)", TRUNCATED)
raw("raw: PNG signature only", PNG[:8])
raw("raw: PNG with a corrupted IHDR CRC", png(28, 28, bad_crc=True))
raw("raw: PNG with corrupted image data", CORRUPT_IDAT)
raw("raw: PNG declaring width 0", ZERO_WIDTH)
raw("raw: PNG declaring 50000x50000 pixels", PIXEL_BOMB, status=413)
I.add("raw: image over the 8M image limit", "POST", P, "{{BIG}}", "image/png", expand={"{{BIG}}": rep("A", 9 * 1024 * 1024)}, status=413)
raw("raw: JPEG start-of-image marker only", b"\xff\xd8", ct="image/jpeg")
raw("raw: JPEG header then garbage", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x13\x37" * 100, ct="image/jpeg")
raw("raw: GIF header only", b"GIF89a", ct="image/gif")
raw("raw: BMP header then garbage", b"BM" + b"\x00" * 40, ct="image/bmp")
raw("raw: content type image/webp", PNG, ct="image/webp", status=415)
raw("raw: content type image/svg+xml", b'<svg xmlns="http://www.w3.org/2000/svg"/>', ct="image/svg+xml", status=415)
raw("raw: content type image/tiff", PNG, ct="image/tiff", status=415)
raw("raw: content type application/octet-stream", PNG, ct="application/octet-stream", status=415)
raw("raw: content type text/plain", PNG, ct="text/plain", status=415)
raw("raw: no content type", PNG, ct=None, status=415)
raw("raw: top_k=0", PNG, q="?top_k=0", status=400)
raw("raw: top_k=-1", PNG, q="?top_k=-1", status=400)
raw("raw: top_k=11 (more than the classes)", PNG, q="?top_k=11", status=400)
raw("raw: top_k=1000000", PNG, q="?top_k=1000000", status=400)
raw("raw: top_k not a number", PNG, q="?top_k=abc", status=400)
raw("raw: top_k with a decimal point", PNG, q="?top_k=2.5", status=400)
raw("raw: top_k overflows an int", PNG, q="?top_k=99999999999", status=400)
raw("raw: unknown model", PNG, q="?model=no-such-model", status=404)
raw("raw: model of another task (sentiment)", PNG, q="?model=sentiment")
raw("raw: unknown version", PNG, q="?version=99", status=404)
raw("raw: version not numeric", PNG, q="?version=abc", status=404)
raw("raw: unknown query parameter", PNG, q="?colour=1")

CRLF = b"\r\n"


def multipart(parts, boundary=b"XyZzy", close=True):
    out = b""
    for headers, content in parts:
        out += b"--" + boundary + CRLF + CRLF.join(headers) + CRLF + CRLF + content + CRLF
    if close:
        out += b"--" + boundary + b"--" + CRLF
    return out


def file_part(content, name=b"file", ctype=b"image/png"):
    return ([b'Content-Disposition: form-data; name="' + name + b'"; filename="x.png"', b"Content-Type: " + ctype], content)


def field(name, value):
    return ([b'Content-Disposition: form-data; name="' + name + b'"'], value)


MP = "multipart/form-data; boundary=XyZzy"
mp = lambda n, data, ct=MP, **kw: I.add(n, "POST", P, None, ct, raw=data, **kw)
mp("multipart: content type multipart/form-data with a plain body and no boundary", b"hello, not multipart", ct="multipart/form-data")
mp("multipart: content type multipart/form-data without boundary, multipart body", multipart([file_part(PNG)]), ct="multipart/form-data")
mp("multipart: boundary given, plain body", b"hello, not multipart")
mp("multipart: boundary given, empty body", b"")
mp("multipart: body uses another boundary", multipart([file_part(PNG)], boundary=b"OtherBoundary"))
mp("multipart: final boundary missing", multipart([file_part(PNG)], close=False))
mp("multipart: no blank line between part headers and content",
   b"--XyZzy\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n" + PNG + b"\r\n--XyZzy--\r\n")
mp("multipart: part without Content-Disposition", b"--XyZzy\r\nContent-Type: image/png\r\n\r\n" + PNG + b"\r\n--XyZzy--\r\n")
mp("multipart: no file part (image part instead)", multipart([file_part(PNG, name=b"image")]))
mp("multipart: only a top_k field", multipart([field(b"top_k", b"3")]))
mp("multipart: empty file part", multipart([file_part(b"")]))
mp("multipart: file part holds text", multipart([file_part(b"hello, not an image", ctype=b"text/plain")]))
mp("multipart: file part holds a truncated PNG", multipart([file_part(TRUNCATED)]))
mp("multipart: file part holds a PNG declaring 50000x50000 pixels", multipart([file_part(PIXEL_BOMB)]), status=413)
mp("multipart: two file parts", multipart([file_part(PNG), file_part(b"hello, not an image")]))
mp("multipart: top_k not a number", multipart([file_part(PNG), field(b"top_k", b"abc")]), status=400)
mp("multipart: top_k=0", multipart([file_part(PNG), field(b"top_k", b"0")]), status=400)
mp("multipart: top_k=100", multipart([file_part(PNG), field(b"top_k", b"100")]), status=400)
mp("multipart: top_k negative", multipart([file_part(PNG), field(b"top_k", b"-2")]), status=400)
mp("multipart: unknown model", multipart([file_part(PNG), field(b"model", b"no-such-model")]), status=404)
mp("multipart: model of another task (sentiment)", multipart([file_part(PNG), field(b"model", b"sentiment")]))
mp("multipart: version not numeric", multipart([file_part(PNG), field(b"version", b"abc")]), status=404)
mp("multipart: unknown form field", multipart([file_part(PNG), field(b"colour", b"1")]))
mp("multipart: content type multipart/mixed", multipart([file_part(PNG)]), ct="multipart/mixed; boundary=XyZzy", status=415)

j = lambda n, body, **kw: I.add(n, "POST", P, body, **kw)
j("json: image is not base64", '{"image": "!!!not base64!!!"}')
j("json: image is base64 of text", '{"image": "%s"}' % b64(b"hello, this is not an image"))
j("json: image is base64 of a truncated PNG", '{"image": "%s"}' % b64(TRUNCATED))
j("json: image is base64 with illegal characters inside", '{"image": "%s"}' % (PNG_B64[:100] + "*!?#" + PNG_B64[100:]))
j("json: image is base64 with a character missing", '{"image": "%s"}' % (PNG_B64[:100] + PNG_B64[101:]))
j("json: image is base64 of a PNG declaring 50000x50000 pixels", '{"image": "%s"}' % b64(PIXEL_BOMB), status=413)
j("json: image is a data URL of text", '{"image": "data:text/plain;base64,%s"}' % b64(b"hello"))
j("json: image over the 8M image limit", '{"image": "{{B64}}"}', expand={"{{B64}}": rep("AAAA", 2960000)}, status=413)
j("json: image is empty", '{"image": ""}')
j("json: image is whitespace", '{"image": "   "}')
j("json: image is a lone NUL", '{"image": "\\u0000"}')
j("json: image is null", '{"image": null}')
j("json: empty object", "{}")
j("json: image is a number", '{"image": 5}')
j("json: image is an array", '{"image": ["%s"]}' % PNG_B64)
j("json: image is an object", '{"image": {"data": "%s"}}' % PNG_B64)
j("json: both image and image_url", '{"image": "%s", "image_url": "https://example.com/x.png"}' % PNG_B64)
j("json: image_url while fetching is disabled", '{"image_url": "https://example.com/x.png"}')
j("json: image_url with file scheme", '{"image_url": "file:///etc/passwd"}')
j("json: image_url not a URL", '{"image_url": "not a url"}')
j("json: top_k=0", '{"image": "%s", "top_k": 0}' % PNG_B64, status=400)
j("json: top_k negative", '{"image": "%s", "top_k": -3}' % PNG_B64, status=400)
j("json: top_k=1000000", '{"image": "%s", "top_k": 1000000}' % PNG_B64, status=400)
j("json: top_k is a string", '{"image": "%s", "top_k": "3"}' % PNG_B64)
j("json: top_k is a fraction", '{"image": "%s", "top_k": 3.7}' % PNG_B64)
j("json: top_k overflows an int", '{"image": "%s", "top_k": 99999999999}' % PNG_B64)
j("json: top_k is a boolean", '{"image": "%s", "top_k": true}' % PNG_B64)
j("json: unknown model", '{"image": "%s", "model": "no-such-model"}' % PNG_B64, status=404)
j("json: model of another task (sentiment)", '{"image": "%s", "model": "sentiment"}' % PNG_B64)
j("json: unknown version", '{"image": "%s", "version": "99"}' % PNG_B64, status=404)
j("json: unknown field", '{"image": "%s", "colour": 1}' % PNG_B64)
j("json: duplicate image keys", '{"image": "%s", "image": "%s"}' % (b64(b"hello"), PNG_B64))
j("json: trailing garbage after the object", '{"image": "%s"} x' % PNG_B64)
j("json: malformed", '{"image": "%s"' % PNG_B64)
j("json: body is null", "null")
j("json: body is an array", '["%s"]' % PNG_B64)
j("json: body is empty", "")
j("json: body is not valid UTF-8", None, raw=INVALID_UTF8("image"))
j("json: deeply nested arrays in image", '{"image": {{OPEN}}"x"{{CLOSE}}}', expand=nested(5000))
I.add("GET instead of POST", "GET", P, ct=None, status=405)

# ---------------------------------------------------------------- recommend
R = Family("recommend")
P = "/api/predict/recommend"
r = lambda n, body, **kw: R.add(n, "POST", P, body, **kw)
r("malformed: unclosed object", '{"user_id": "42"')
r("malformed: trailing comma", '{"user_id": "42",}')
r("malformed: comment in JSON", '{"user_id": "42" // me\n}')
r("trailing garbage after the object", '{"user_id":"42"} x')
r("two objects in one body", '{"user_id":"42"}{"user_id":"43"}')
r("user_id is a number", '{"user_id": 42}')
r("user_id is a boolean", '{"user_id": true}')
r("user_id is an array", '{"user_id": ["42"]}')
r("user_id is an object", '{"user_id": {"id": "42"}}')
r("user_id is null", '{"user_id": null}')
r("user_id is missing", '{"limit": 3}')
r("empty object", "{}")
r("user_id is empty", '{"user_id": ""}')
r("user_id is whitespace", '{"user_id": "   "}')
r("user_id is a lone NUL", '{"user_id": "\\u0000"}')
r("user_id has a space", '{"user_id": "a b"}')
r("user_id with path traversal", '{"user_id": "../../etc/passwd"}')
r("user_id with non-ASCII letters", '{"user_id": "j\\u00fcrgen"}')
r("user_id 65 characters", '{"user_id": "%s"}' % ("u" * 65))
r("user_id 100,000 characters", '{"user_id": "{{LONG}}"}', expand={"{{LONG}}": rep("u", 100000)})
r("limit is a string", '{"user_id": "42", "limit": "3"}')
r("limit is a fraction", '{"user_id": "42", "limit": 3.5}')
r("limit is a boolean", '{"user_id": "42", "limit": true}')
r("limit is an array", '{"user_id": "42", "limit": [3]}')
r("limit is an object", '{"user_id": "42", "limit": {"n": 3}}')
r("limit is 0", '{"user_id": "42", "limit": 0}', status=400)
r("limit is negative", '{"user_id": "42", "limit": -1}', status=400)
r("limit is 101", '{"user_id": "42", "limit": 101}', status=400)
r("limit is 1,000,000", '{"user_id": "42", "limit": 1000000}', status=400)
r("limit overflows an int", '{"user_id": "42", "limit": 99999999999}')
r("limit is 1e400", '{"user_id": "42", "limit": 1e400}')
r("unknown field in context (genre)", '{"user_id": "42", "context": {"genre": "Comedy"}}')
r("unknown top-level field", '{"user_id": "42", "colour": 1}')
r("context.category unknown genre", '{"user_id": "42", "context": {"category": "Nope"}}', status=400)
r("context.category empty", '{"user_id": "42", "context": {"category": ""}}')
r("context.category is a number", '{"user_id": "42", "context": {"category": 5}}')
r("context.category is an array", '{"user_id": "42", "context": {"category": ["Comedy"]}}')
r("context.category 65 characters", '{"user_id": "42", "context": {"category": "%s"}}' % ("c" * 65))
r("context is a string", '{"user_id": "42", "context": "Comedy"}')
r("context is an array", '{"user_id": "42", "context": []}')
r("exclude_seen is a non-boolean string", '{"user_id": "42", "exclude_seen": "yes"}')
r("exclude_seen is the string \"true\"", '{"user_id": "42", "exclude_seen": "true"}')
r("exclude_seen is a number", '{"user_id": "42", "exclude_seen": 1}')
r("unknown model", '{"user_id": "42", "model": "no-such-model"}', status=404)
r("model of another task (sentiment)", '{"user_id": "42", "model": "sentiment"}')
r("unknown version", '{"user_id": "42", "version": "99"}', status=404)
r("version not numeric", '{"user_id": "42", "version": "abc"}', status=404)
r("version is a number, not a string", '{"user_id": "42", "version": 1}')
r("routing_key is a number", '{"user_id": "42", "routing_key": 7}')
r("duplicate user_id keys", '{"user_id": "42", "user_id": "43"}')
r("body is null", "null")
r("body is an empty array", "[]")
r("body is a JSON string", '"42"')
r("body is empty", "")
r("body is not valid UTF-8", None, raw=INVALID_UTF8("user_id"))
r("deeply nested arrays in user_id", '{"user_id": {{OPEN}}"x"{{CLOSE}}}', expand=nested(5000))
r("content type text/plain", '{"user_id": "42"}', ct="text/plain", status=415)
r("content type application/xml", "<user_id>42</user_id>", ct="application/xml", status=415)
r("no content type", '{"user_id": "42"}', ct=None, status=415)
R.add("GET instead of POST", "GET", P, ct=None, status=405)

# ---------------------------------------------------------------- interactions
N = Family("interactions")
P = "/api/interactions"
n = lambda name, body, **kw: N.add(name, "POST", P, body, **kw)
n("malformed: unclosed object", '{"user_id": "corpus-u1", "item_id": "356"')
n("malformed: trailing comma", '{"user_id": "corpus-u1", "item_id": "356",}')
n("malformed: comment in JSON", '{"user_id": "corpus-u1", /* c */ "item_id": "356"}')
n("trailing garbage after the object", '{"user_id": "corpus-u1", "item_id": "356"} x')
n("two objects in one body", '{"user_id": "corpus-u1", "item_id": "356"}{"user_id": "corpus-u2", "item_id": "1"}')
n("user_id is a number", '{"user_id": 987654321, "item_id": "356"}')
n("item_id is a number", '{"user_id": "corpus-u1", "item_id": 356}')
n("rating is a string", '{"user_id": "corpus-u1", "item_id": "356", "rating": "4.5"}')
n("rating is the string NaN", '{"user_id": "corpus-u1", "item_id": "356", "rating": "NaN"}', status=400)
n("rating is the string Infinity", '{"user_id": "corpus-u1", "item_id": "356", "rating": "Infinity"}', status=400)
n("rating is a boolean", '{"user_id": "corpus-u1", "item_id": "356", "rating": true}')
n("rating is an array", '{"user_id": "corpus-u1", "item_id": "356", "rating": [4.5]}')
n("rating is an object", '{"user_id": "corpus-u1", "item_id": "356", "rating": {"stars": 4.5}}')
n("rating not a half step", '{"user_id": "corpus-u1", "item_id": "356", "rating": 4.3}', status=400)
n("rating 0", '{"user_id": "corpus-u1", "item_id": "356", "rating": 0}', status=400)
n("rating negative", '{"user_id": "corpus-u1", "item_id": "356", "rating": -1}', status=400)
n("rating 5.5", '{"user_id": "corpus-u1", "item_id": "356", "rating": 5.5}', status=400)
n("rating 1e400", '{"user_id": "corpus-u1", "item_id": "356", "rating": 1e400}')
n("rating just off a half step", '{"user_id": "corpus-u1", "item_id": "356", "rating": 4.50000000001}', status=400)
n("item_id is empty", '{"user_id": "corpus-u1", "item_id": ""}')
n("item_id is whitespace", '{"user_id": "corpus-u1", "item_id": "   "}')
n("item_id is a lone NUL", '{"user_id": "corpus-u1", "item_id": "\\u0000"}')
n("item_id unknown (not numeric)", '{"user_id": "corpus-u1", "item_id": "nope"}', status=404)
n("item_id unknown (numeric)", '{"user_id": "corpus-u1", "item_id": "999999999"}', status=404)
n("item_id negative", '{"user_id": "corpus-u1", "item_id": "-1"}', status=404)
n("item_id with a decimal point", '{"user_id": "corpus-u1", "item_id": "356.0"}', status=404)
n("item_id non-canonical with leading zero", '{"user_id": "corpus-u1", "item_id": "0356"}')
n("item_id non-canonical with plus sign", '{"user_id": "corpus-u1", "item_id": "+356"}')
n("item_id with surrounding spaces", '{"user_id": "corpus-u1", "item_id": " 356 "}')
n("item_id 17 characters", '{"user_id": "corpus-u1", "item_id": "%s"}' % ("1" * 17))
n("item_id is null", '{"user_id": "corpus-u1", "item_id": null}')
n("item_id is missing", '{"user_id": "corpus-u1"}')
n("item_id is an array", '{"user_id": "corpus-u1", "item_id": ["356"]}')
n("item_id is an object", '{"user_id": "corpus-u1", "item_id": {"id": "356"}}')
n("user_id is null", '{"user_id": null, "item_id": "356"}')
n("user_id is missing", '{"item_id": "356"}')
n("user_id is an object", '{"user_id": {"id": "corpus-u1"}, "item_id": "356"}')
n("empty object", "{}")
n("user_id is empty", '{"user_id": "", "item_id": "356"}')
n("user_id is whitespace", '{"user_id": "   ", "item_id": "356"}')
n("user_id is a lone NUL", '{"user_id": "\\u0000", "item_id": "356"}')
n("user_id 65 characters", '{"user_id": "%s", "item_id": "356"}' % ("u" * 65))
n("user_id with a slash", '{"user_id": "a/b", "item_id": "356"}')
n("user_id with a newline (journal injection)", '{"user_id": "corpus-u1\\nu2\\t356", "item_id": "356"}')
n("user_id 100,000 characters", '{"user_id": "{{LONG}}", "item_id": "356"}', expand={"{{LONG}}": rep("u", 100000)})
n("unknown field", '{"user_id": "corpus-u1", "item_id": "356", "colour": 1}')
n("unknown field timestamp", '{"user_id": "corpus-u1", "item_id": "356", "timestamp": 1700000000}')
n("duplicate item_id keys", '{"user_id": "corpus-u1", "item_id": "356", "item_id": "1"}')
n("body is null", "null")
n("body is an empty array", "[]")
n("body is an array of the object", '[{"user_id": "corpus-u1", "item_id": "356"}]')
n("body is empty", "")
n("body is not valid UTF-8", None, raw=INVALID_UTF8("user_id"))
n("deeply nested arrays in item_id", '{"user_id": "corpus-u1", "item_id": {{OPEN}}"x"{{CLOSE}}}', expand=nested(5000))
n("content type text/plain", '{"user_id": "corpus-u1", "item_id": "356"}', ct="text/plain", status=415)
n("content type application/xml", "<interaction/>", ct="application/xml", status=415)
n("no content type", '{"user_id": "corpus-u1", "item_id": "356"}', ct=None, status=415)
n("content type form-urlencoded", "user_id=u1&item_id=356", ct="application/x-www-form-urlencoded", status=415)
N.add("GET instead of POST", "GET", P, ct=None, status=405)

# ---------------------------------------------------------------- batch
B = Family("batch")
P = "/api/predict/batch"
b = lambda name, body, **kw: B.add(name, "POST", P, body, **kw)
b("malformed: unclosed array", '{"texts": ["a", "b"}')
b("malformed: trailing comma in array", '{"texts": ["a", "b",]}')
b("malformed: comment in JSON", '{"texts": ["a"] /* c */}')
b("trailing garbage after the object", '{"texts": ["a"]} x')
b("neither texts nor images", "{}")
b("both texts and images", '{"texts": ["a"], "images": ["%s"]}' % PNG_B64)
b("texts is empty", '{"texts": []}')
b("texts is a string, not an array", '{"texts": "hi"}')
b("texts is an object", '{"texts": {"0": "hi"}}')
b("texts is null and images missing", '{"texts": null}')
b("texts item is a number", '{"texts": ["ok", 5]}')
b("texts item is a boolean", '{"texts": [true]}')
b("texts item is null", '{"texts": ["ok", null]}', status=400)
b("texts item is empty", '{"texts": ["ok", ""]}', status=400)
b("texts item is whitespace", '{"texts": ["ok", "   "]}', status=400)
b("texts item is a lone NUL", '{"texts": ["ok", "\\u0000"]}')
b("texts item is control characters only", '{"texts": ["\\u0001\\u001f"]}')
b("texts item is a nested array", '{"texts": [["nested"]]}')
b("texts item is an object", '{"texts": [{"text": "hi"}]}')
b("texts item 10,001 characters", '{"texts": ["ok", "{{LONG}}"]}', expand={"{{LONG}}": rep("a", 10001)}, status=400)
b("257 texts (over max-items)", '{"texts": [{{ITEMS}}"x"]}', expand={"{{ITEMS}}": rep('"x",', 256)}, status=413)
b("100,000 texts", '{"texts": [{{ITEMS}}"x"]}', expand={"{{ITEMS}}": rep('"x",', 99999)}, status=413)
b("images is empty", '{"images": []}')
b("images item is not base64", '{"images": ["!!!not base64!!!"]}', status=400)
b("images item is base64 of text", '{"images": ["%s"]}' % b64(b"hello, not an image"))
b("images item is a truncated PNG", '{"images": ["%s", "%s"]}' % (PNG_B64, b64(TRUNCATED)))
b("images item is a PNG declaring 50000x50000 pixels", '{"images": ["%s"]}' % b64(PIXEL_BOMB), status=413)
b("images item is null", '{"images": [null]}', status=400)
b("images item is empty", '{"images": [""]}', status=400)
b("images item is a number", '{"images": [5]}')
b("images is a string, not an array", '{"images": "%s"}' % PNG_B64)
b("images with top_k 0", '{"images": ["%s"], "top_k": 0}' % PNG_B64, status=400)
b("images with top_k negative", '{"images": ["%s"], "top_k": -1}' % PNG_B64, status=400)
b("images with top_k 11", '{"images": ["%s"], "top_k": 11}' % PNG_B64, status=400)
b("images with top_k a string", '{"images": ["%s"], "top_k": "3"}' % PNG_B64)
b("images with top_k a fraction", '{"images": ["%s"], "top_k": 2.5}' % PNG_B64)
b("257 images (over max-items)", '{"images": [{{ITEMS}}"%s"]}' % PNG_B64, expand={"{{ITEMS}}": rep('"%s",' % PNG_B64, 256)}, status=413)
b("unknown model", '{"texts": ["hi"], "model": "no-such-model"}', status=404)
b("texts with an image model", '{"texts": ["hi"], "model": "image"}')
b("images with a sentiment model", '{"images": ["%s"], "model": "sentiment"}' % PNG_B64)
b("texts with the tabular tensor model", '{"texts": ["hi"], "model": "tabular"}')
b("unknown version", '{"texts": ["hi"], "version": "99"}', status=404)
b("version not numeric", '{"texts": ["hi"], "version": "abc"}', status=404)
b("version is a number, not a string", '{"texts": ["hi"], "version": 1}')
b("model is a number", '{"texts": ["hi"], "model": 7}')
b("routing_key is a number", '{"texts": ["hi"], "routing_key": 5}')
b("unknown field", '{"texts": ["hi"], "colour": 1}')
b("duplicate texts keys", '{"texts": ["hi"], "texts": ["ho"]}')
b("body is null", "null")
b("body is an empty array", "[]")
b("body is an array of texts", '["hi", "ho"]')
b("body is empty", "")
b("body is not valid UTF-8", None, raw=b'{"texts": ["caf\xc3\x28 \xff\xfe"]}')
b("deeply nested arrays in texts", '{"texts": {{OPEN}}"x"{{CLOSE}}}', expand=nested(5000))
b("content type text/plain", '{"texts": ["hi"]}', ct="text/plain", status=415)
b("content type application/xml", "<texts><t>hi</t></texts>", ct="application/xml", status=415)
b("no content type", '{"texts": ["hi"]}', ct=None, status=415)
B.add("GET instead of POST", "GET", P, ct=None, status=405)

# ---------------------------------------------------------------- management
M = Family("management")
FIX = "src/test/resources/registry/sentiment-fast/2"   # a real, loadable folder under a deploy root
m = lambda name, method, path, body=None, ct=JSON, key=True, **kw: M.add(
    name, method, path, body, ct if body is not None else None,
    headers={**(KEY if key else {}), **kw.pop("headers", {})}, **kw)
# the API key
m("deploy without an API key", "POST", "/models", '{"name": "corpus-a", "version": "1", "path": "%s"}' % FIX, key=False, status=401)
m("deploy version without an API key", "POST", "/models/corpus-a/versions/1", '{"path": "%s"}' % FIX, key=False, status=401)
m("traffic without an API key", "PUT", "/models/sentiment-fast/traffic", '{"1": 1}', key=False, status=401)
m("delete model without an API key", "DELETE", "/models/sentiment-fast", key=False, status=401)
m("delete version without an API key", "DELETE", "/models/sentiment-fast/versions/1", key=False, status=401)
m("malformed body without an API key", "POST", "/models", '{"name": ', key=False, status=401)
m("deploy with a wrong API key", "POST", "/models", '{"name": "corpus-a", "version": "1", "path": "%s"}' % FIX,
  key=False, headers={"X-API-Key": "wrong-key"}, status=403)
m("delete with a wrong bearer token", "DELETE", "/models/sentiment-fast/versions/1", key=False,
  headers={"Authorization": "Bearer wrong-key"}, status=403)
m("traffic with Basic instead of Bearer", "PUT", "/models/sentiment-fast/traffic", '{"1": 1}', key=False,
  headers={"Authorization": "Basic dGVzdC1hZG1pbi1rZXk="}, status=401)
m("traffic with an empty X-API-Key", "PUT", "/models/sentiment-fast/traffic", '{"1": 1}', key=False,
  headers={"X-API-Key": ""}, status=401)
m("traffic with Bearer and no token", "PUT", "/models/sentiment-fast/traffic", '{"1": 1}', key=False,
  headers={"Authorization": "Bearer "}, status=401)
m("wrong key in upper case", "DELETE", "/models/sentiment-fast/versions/1", key=False,
  headers={"X-API-Key": "TEST-ADMIN-KEY"}, status=403)
# deploy paths
dep = lambda name, path_json, model="corpus-p", **kw: m(name, "POST", "/models/%s/versions/1" % model,
                                                        '{"path": %s}' % path_json, **kw)
dep("deploy path climbs out with ../", '"../../../../etc"', status=400)
dep("deploy path climbs out from inside a root", '"models/sentiment/1/../../../../etc"', status=400)
dep("deploy path climbs out of the fixtures root", '"src/test/resources/registry/../../../.."', status=400)
dep("deploy path absolute /etc", '"/etc"', status=400)
dep("deploy path absolute /tmp", '"/tmp"', status=400)
dep("deploy path absolute root /", '"/"', status=400)
dep("deploy path http URL", '"http://example.com/models/evil/1"', status=400)
dep("deploy path https URL", '"https://example.com/model.onnx"', status=400)
dep("deploy path file URL", '"file:///etc"', status=400)
dep("deploy path s3 URL", '"s3://bucket/models/x/1"', status=400)
dep("deploy path is a model root itself", '"models"', status=400)
dep("deploy path is a file, not a folder", '"models/sentiment/1/model.yaml"', status=400)
dep("deploy path home directory", '"~/"', status=400)
dep("deploy path windows UNC", '"\\\\\\\\server\\\\share"', status=400)
dep("deploy path percent-encoded traversal", '"models/%2e%2e/%2e%2e/etc"', status=400)
dep("deploy path with a NUL byte", '"models/sentiment/1\\u0000/x"', status=400)
dep("deploy path does not exist", '"models/no-such-model/1"', status=400)
dep("deploy path is empty", '""', status=400)
dep("deploy path is null", "null", status=400)
dep("deploy path is a number", "5", status=400)
dep("deploy path is an array", '["%s"]' % FIX, status=400)
dep("deploy path is 10,000 characters", '"{{LONG}}"', expand={"{{LONG}}": rep("a/", 5000)}, status=400)
m("deploy path missing", "POST", "/models/corpus-p/versions/1", "{}", status=400)
# deploy names and versions
m("deploy name with path traversal", "POST", "/models", '{"name": "../x", "version": "1", "path": "%s"}' % FIX, status=400)
m("deploy name in upper case", "POST", "/models", '{"name": "CORPUS", "version": "1", "path": "%s"}' % FIX, status=400)
m("deploy name empty", "POST", "/models", '{"name": "", "version": "1", "path": "%s"}' % FIX, status=400)
m("deploy name missing", "POST", "/models", '{"version": "1", "path": "%s"}' % FIX, status=400)
m("deploy name 65 characters", "POST", "/models", '{"name": "%s", "version": "1", "path": "%s"}' % ("c" * 65, FIX), status=400)
m("deploy name is a number", "POST", "/models", '{"name": 5, "version": "1", "path": "%s"}' % FIX)
m("deploy version not numeric", "POST", "/models", '{"name": "corpus-v1", "version": "abc", "path": "%s"}' % FIX, status=400)
m("deploy version negative", "POST", "/models", '{"name": "corpus-v2", "version": "-1", "path": "%s"}' % FIX, status=400)
m("deploy version with a decimal point", "POST", "/models", '{"name": "corpus-v3", "version": "1.5", "path": "%s"}' % FIX, status=400)
m("deploy version 10 digits", "POST", "/models", '{"name": "corpus-v4", "version": "1234567890", "path": "%s"}' % FIX, status=400)
m("deploy version is a number, not a string", "POST", "/models", '{"name": "corpus-v5", "version": 1, "path": "%s"}' % FIX)
m("deploy version missing", "POST", "/models", '{"name": "corpus-v6", "path": "%s"}' % FIX, status=400)
m("deploy version in the URL not numeric", "POST", "/models/corpus-v7/versions/abc", '{"path": "%s"}' % FIX, status=400)
m("deploy body name differs from the path", "POST", "/models/corpus-n/versions/1", '{"name": "other", "path": "%s"}' % FIX, status=400)
m("deploy over an existing version", "POST", "/models/sentiment/versions/1", '{"path": "models/sentiment/1"}', status=409)
m("deploy framework differs from model.yaml", "POST", "/models/corpus-fw/versions/1",
  '{"path": "%s", "framework": "tensorflow"}' % FIX, status=400)
m("deploy task differs from model.yaml", "POST", "/models/corpus-task/versions/1",
  '{"path": "%s", "task": "image"}' % FIX, status=400)
m("deploy unknown field", "POST", "/models/corpus-uf/versions/1", '{"path": "%s", "colour": 1}' % FIX)
cfg = lambda name, model, config, **kw: m(name, "POST", "/models/%s/versions/1" % model,
                                          '{"path": "%s", "config": %s}' % (FIX, config), **kw)
cfg("deploy config max_batch_size negative", "corpus-c1", '{"max_batch_size": -1}', status=400)
cfg("deploy config max_batch_size 0", "corpus-c2", '{"max_batch_size": 0}', status=400)
cfg("deploy config max_batch_size a string", "corpus-c3", '{"max_batch_size": "32"}')
cfg("deploy config max_batch_size overflows an int", "corpus-c4", '{"max_batch_size": 99999999999}')
cfg("deploy config timeout_ms negative", "corpus-c5", '{"timeout_ms": -5}', status=400)
cfg("deploy config instances 0", "corpus-c6", '{"instances": 0}', status=400)
cfg("deploy config max_queue_size negative", "corpus-c7", '{"max_queue_size": -1}', status=400)
cfg("deploy config max_batch_delay_ms negative", "corpus-c8", '{"max_batch_delay_ms": -1}', status=400)
cfg("deploy config max_queue_delay not a duration", "corpus-c9", '{"max_queue_delay": "soon"}', status=400)
cfg("deploy config max_queue_delay and max_batch_delay_ms", "corpus-c10", '{"max_queue_delay": "1ms", "max_batch_delay_ms": 1}', status=400)
cfg("deploy config unknown field", "corpus-c9", '{"colour": 1}')
cfg("deploy config is a string", "corpus-c10", '"fast"')
# deploy bodies
m("deploy body is null", "POST", "/models", "null", status=400)
m("deploy body is an array", "POST", "/models", "[]", status=400)
m("deploy body is empty", "POST", "/models", "", status=400)
m("deploy body malformed", "POST", "/models", '{"name": "corpus-m", "version": "1", "path": ', status=400)
m("deploy trailing garbage after the object", "POST", "/models/corpus-tg/versions/1", '{"path": "%s"} x' % FIX)
m("deploy duplicate path keys", "POST", "/models/corpus-dk/versions/1", '{"path": "/etc", "path": "%s"}' % FIX)
m("deploy deeply nested JSON", "POST", "/models/corpus-deep/versions/1", '{"path": {{OPEN}}"x"{{CLOSE}}}', expand=nested(5000))
m("deploy content type text/plain", "POST", "/models/corpus-ct/versions/1", '{"path": "%s"}' % FIX, ct="text/plain", status=415)
m("deploy content type application/xml", "POST", "/models/corpus-ct/versions/1", "<path>x</path>", ct="application/xml", status=415)
m("deploy no content type", "POST", "/models/corpus-ct/versions/1", '{"path": "%s"}' % FIX, ct=None, status=415)
# traffic
t = lambda name, body, model="sentiment-fast", **kw: m(name, "PUT", "/models/%s/traffic" % model, body, **kw)
t("traffic weight negative", '{"1": -0.5}', status=400)
t("traffic weight above 1", '{"1": 2}', status=400)
t("traffic weights do not sum to 1", '{"1": 0.5}', status=400)
t("traffic unknown version", '{"1": 0.5, "2": 0.5}', status=400)
t("traffic version not numeric", '{"abc": 1}', status=400)
t("traffic version empty", '{"1": 1, "": 0}', status=400)
t("traffic version non-canonical with leading zero", '{"01": 1}')
t("traffic weight is a string", '{"1": "1"}')
t("traffic weight not numeric", '{"1": "abc"}', status=400)
t("traffic weight is null", '{"1": null}', status=400)
t("traffic weight is a boolean", '{"1": true}', status=400)
t("traffic weight is an array", '{"1": [1]}', status=400)
t("traffic weight is 1e400", '{"1": 1e400}', status=400)
t("traffic weight NaN literal", '{"1": NaN}', status=400)
t("traffic duplicate version keys", '{"1": 0.2, "1": 1}')
t("traffic body is an array", "[1]", status=400)
t("traffic body is null", "null")
t("traffic body is empty", "")
t("traffic body is a string", '"1"', status=400)
t("traffic trailing garbage after the object", '{"1": 1} x')
t("traffic unknown model", '{"1": 1}', model="no-such-model", status=404)
t("traffic content type text/plain", '{"1": 1}', ct="text/plain", status=415)
# delete and read
m("delete unknown model", "DELETE", "/models/no-such-model", status=404)
m("delete unknown version", "DELETE", "/models/sentiment-fast/versions/99", status=404)
m("delete version not numeric", "DELETE", "/models/sentiment-fast/versions/abc", status=404)
m("delete version overflows an int", "DELETE", "/models/sentiment-fast/versions/99999999999", status=404)
m("get unknown model", "GET", "/models/no-such-model", key=False, status=404)
m("get version not numeric", "GET", "/models/sentiment/versions/abc", key=False, status=404)
m("get unknown version", "GET", "/models/sentiment/versions/99", key=False, status=404)
m("PATCH a model", "PATCH", "/models/sentiment-fast", '{"traffic": {"1": 1}}', status=405)
m("PUT a model", "PUT", "/models/sentiment-fast", '{"traffic": {"1": 1}}', status=405)

# ---------------------------------------------------------------- v2
V = Family("v2")
INFER = "/v2/models/tabular/infer"
F30 = ", ".join(["0.5"] * 30)


def feat(shape="[1, 30]", datatype='"FP32"', data="[%s]" % F30, name='"features"', extra=""):
    return '{"name": %s, "shape": %s, "datatype": %s, "data": %s%s}' % (name, shape, datatype, data, extra)


def infer(inputs, extra=""):
    return '{"inputs": [%s]%s}' % (inputs, extra)


v = lambda name, body, path=INFER, **kw: V.add(name, "POST", path, body, **kw)
v("malformed: unclosed object", '{"inputs": [')
v("malformed: trailing comma", infer(feat()) [:-1] + ",}")
v("malformed: NaN in data", infer(feat(data="[NaN, %s]" % ", ".join(["0.5"] * 29))))
v("trailing garbage after the object", infer(feat()) + " x")
v("body over the 12M body limit", infer(feat(data='["{{LONG}}"]')), expand={"{{LONG}}": rep("x", 13 * 1024 * 1024)}, status=413)
v("body is null", "null", status=400)
v("body is an empty array", "[]", status=400)
v("body is empty", "", status=400)
v("body is a JSON string", '"features"', status=400)
v("empty object", "{}", status=400)
v("inputs is empty", '{"inputs": []}', status=400)
v("inputs is null", '{"inputs": null}', status=400)
v("inputs is an object", '{"inputs": %s}' % feat(), status=400)
v("inputs item is null", '{"inputs": [null]}', status=400)
v("inputs item is a number", '{"inputs": [5]}', status=400)
v("input name missing", infer('{"shape": [1, 30], "datatype": "FP32", "data": [%s]}' % F30), status=400)
v("input name empty", infer(feat(name='""')), status=400)
v("input name unknown", infer(feat(name='"feature"')), status=400)
v("input name is a number", infer(feat(name="5")))
v("unknown extra input", infer(feat() + ", " + feat(name='"extra"')), status=400)
v("same input twice", infer(feat() + ", " + feat()), status=400)
v("datatype missing", infer('{"name": "features", "shape": [1, 30], "data": [%s]}' % F30), status=400)
v("datatype FP16", infer(feat(datatype='"FP16"')), status=400)
v("datatype BF16", infer(feat(datatype='"BF16"')), status=400)
v("datatype UINT64", infer(feat(datatype='"UINT64"')), status=400)
v("datatype FP64 for an FP32 input", infer(feat(datatype='"FP64"')), status=400)
v("datatype INT32 for an FP32 input", infer(feat(datatype='"INT32"', data="[%s]" % ", ".join(["1"] * 30))), status=400)
v("datatype BYTES for an FP32 input", infer(feat(datatype='"BYTES"', data="[%s]" % ", ".join(['"0.5"'] * 30))), status=400)
v("datatype unknown", infer(feat(datatype='"FLOAT"')), status=400)
v("datatype lower case", infer(feat(datatype='"fp32"')), status=400)
v("datatype is a number", infer(feat(datatype="32")), status=400)
v("shape missing", infer('{"name": "features", "datatype": "FP32", "data": [%s]}' % F30), status=400)
v("shape rank 1 for a rank-2 input", infer(feat(shape="[30]")), status=400)
v("shape rank 3 for a rank-2 input", infer(feat(shape="[1, 1, 30]")), status=400)
v("shape 29 columns for 30 features", infer(feat(shape="[1, 29]", data="[%s]" % ", ".join(["0.5"] * 29))), status=400)
v("shape 31 columns for 30 features", infer(feat(shape="[1, 31]", data="[%s]" % ", ".join(["0.5"] * 31))), status=400)
v("shape negative", infer(feat(shape="[-1, 30]")), status=400)
v("shape with a fraction", infer(feat(shape="[1.5, 30]")))
v("shape holds strings", infer(feat(shape='["1", "30"]')))
v("shape is a string", infer(feat(shape='"1x30"')), status=400)
v("shape overflows a long", infer(feat(shape="[99999999999999999999, 30]")), status=400)
v("shape huge with little data", infer(feat(shape="[1000000000, 30]")), status=400)
v("data shorter than the shape", infer(feat(data="[%s]" % ", ".join(["0.5"] * 29))), status=400)
v("data longer than the shape", infer(feat(data="[%s]" % ", ".join(["0.5"] * 31))), status=400)
v("data 1,000,000 values for 30", infer(feat(data="[{{VALUES}}0]")), expand={"{{VALUES}}": rep("0,", 999999)}, status=400)
v("data missing", infer('{"name": "features", "shape": [1, 30], "datatype": "FP32"}'), status=400)
v("data is null", infer(feat(data="null")), status=400)
v("data is a string", infer(feat(data='"0.5"')), status=400)
v("data is an object", infer(feat(data='{"v": 0.5}')), status=400)
v("data holds strings", infer(feat(data="[%s]" % ", ".join(['"0.5"'] * 30))), status=400)
v("data holds a null", infer(feat(data="[null, %s]" % ", ".join(["0.5"] * 29))), status=400)
v("data holds a boolean", infer(feat(data="[true, %s]" % ", ".join(["0.5"] * 29))), status=400)
v("data holds an object", infer(feat(data='[{"v": 1}, %s]' % ", ".join(["0.5"] * 29))), status=400)
v("data value out of FP32 range", infer(feat(data="[1e39, %s]" % ", ".join(["0.5"] * 29))), status=400)
v("data value 1e400", infer(feat(data="[1e400, %s]" % ", ".join(["0.5"] * 29))), status=400)
v("data ragged rows with the right total", infer(feat(shape="[2, 30]", data="[[%s], [%s]]" % (
    ", ".join(["0.5"] * 31), ", ".join(["0.5"] * 29)))), status=400)
v("data nested deeper than the shape", infer(feat(data="[[[%s]]]" % F30)), status=400)
v("data deeply nested", infer(feat(data="{{OPEN}}0.5{{CLOSE}}")), expand=nested(5000), status=400)
v("duplicate name keys in an input", infer('{"name": "other", "name": "features", "shape": [1, 30], "datatype": "FP32", "data": [%s]}' % F30))
v("duplicate inputs keys", '{"inputs": [], "inputs": [%s]}' % feat())
v("unknown top-level field", infer(feat(), ', "colour": 1'))
v("unknown field in an input", infer(feat(extra=', "colour": 1')))
v("id is a number", infer(feat(), ', "id": 5'))
v("id is an object", infer(feat(), ', "id": {"a": 1}'), status=400)
v("parameters is a string", infer(feat(), ', "parameters": "x"'), status=400)
v("outputs unknown name", infer(feat(), ', "outputs": [{"name": "nope"}]'), status=400)
v("outputs item without name", infer(feat(), ', "outputs": [{}]'), status=400)
v("outputs item is null", infer(feat(), ', "outputs": [null]'), status=400)
v("outputs is a string", infer(feat(), ', "outputs": "label"'), status=400)
v("unknown model", infer(feat()), path="/v2/models/no-such-model/infer", status=404)
v("unknown version", infer(feat()), path="/v2/models/tabular/versions/99/infer", status=404)
v("version not numeric", infer(feat()), path="/v2/models/tabular/versions/abc/infer", status=404)
v("model name with an encoded slash", infer(feat()), path="/v2/models/..%2Ftabular/infer", status=404)
v("model name with an encoded NUL", infer(feat()), path="/v2/models/tab%00ular/infer")
v("content type text/plain", infer(feat()), ct="text/plain", status=415)
v("content type application/xml", "<inputs/>", ct="application/xml", status=415)
# no Content-Type is JSON on /v2 (Triton's client sends none); the binary data extension is refused by name
v("binary tensor data header", infer(feat()), headers={"Inference-Header-Content-Length": "12"}, status=400)
v("binary_data_size on an input", '{"inputs": [{"name": "features", "shape": [1, 30], "datatype": "FP32", '
  '"parameters": {"binary_data_size": 120}}]}', ct=None, status=400)
v("body is not valid UTF-8", None, raw=b'{"id": "caf\xc3\x28 \xff\xfe", "inputs": []}')
# task models through the protocol
v("sentiment: text is a number", '{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": [5]}]}',
  path="/v2/models/sentiment/infer", status=400)
v("sentiment: text is empty", '{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": [""]}]}',
  path="/v2/models/sentiment/infer", status=400)
v("sentiment: text is a lone NUL", '{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["\\u0000"]}]}',
  path="/v2/models/sentiment/infer", status=400)
v("sentiment: text as FP32", '{"inputs": [{"name": "text", "datatype": "FP32", "shape": [1], "data": [1.0]}]}',
  path="/v2/models/sentiment/infer", status=400)
v("sentiment: shape 2 with one text", '{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [2], "data": ["hi"]}]}',
  path="/v2/models/sentiment/infer", status=400)
v("sentiment: text 10,001 characters", '{"inputs": [{"name": "text", "datatype": "BYTES", "shape": [1], "data": ["{{LONG}}"]}]}',
  path="/v2/models/sentiment/infer", expand={"{{LONG}}": rep("a", 10001)}, status=400)
v("image: image is not base64", '{"inputs": [{"name": "image", "datatype": "BYTES", "shape": [1], "data": ["!!!not base64!!!"]}]}',
  path="/v2/models/image/infer", status=400)
v("image: image is base64 of text", '{"inputs": [{"name": "image", "datatype": "BYTES", "shape": [1], "data": ["%s"]}]}' % b64(b"hello"),
  path="/v2/models/image/infer", status=400)
v("image: pixel tensor one value short", '{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 1, 28, 28], "data": [%s]}]}'
  % ", ".join(["0"] * 783), path="/v2/models/image/infer", status=400)
v("image: pixel tensor of the wrong size", '{"inputs": [{"name": "input", "datatype": "FP32", "shape": [1, 1, 28, 27], "data": [%s]}]}'
  % ", ".join(["0"] * 756), path="/v2/models/image/infer", status=400)
v("recommender: user_id with a space", '{"inputs": [{"name": "user_id", "datatype": "BYTES", "shape": [1], "data": ["a b"]}]}',
  path="/v2/models/recommender/infer", status=400)
v("recommender: limit 0", '{"inputs": [{"name": "user_id", "datatype": "BYTES", "shape": [1], "data": ["42"]}, '
  '{"name": "limit", "datatype": "INT32", "shape": [1], "data": [0]}]}', path="/v2/models/recommender/infer", status=400)
v("recommender: limit 1,000,000", '{"inputs": [{"name": "user_id", "datatype": "BYTES", "shape": [1], "data": ["42"]}, '
  '{"name": "limit", "datatype": "INT32", "shape": [1], "data": [1000000]}]}', path="/v2/models/recommender/infer", status=400)
v("recommender: limit as FP32", '{"inputs": [{"name": "user_id", "datatype": "BYTES", "shape": [1], "data": ["42"]}, '
  '{"name": "limit", "datatype": "FP32", "shape": [1], "data": [2.5]}]}', path="/v2/models/recommender/infer", status=400)
# other endpoints
g = lambda name, path, status=None, method="GET": V.add(name, method, path, ct=None, status=status)
g("metadata of an unknown model", "/v2/models/no-such-model", 404)
g("readiness of an unknown model", "/v2/models/no-such-model/ready", 404)
g("metadata of an unknown version", "/v2/models/tabular/versions/99", 404)
g("metadata of a non-numeric version", "/v2/models/tabular/versions/abc", 404)
g("readiness of an unknown version", "/v2/models/tabular/versions/99/ready", 404)
g("unknown /v2 path", "/v2/no-such-endpoint", 404)
g("GET on infer", INFER, 405)
g("DELETE on /v2", "/v2", 405, method="DELETE")
V.add("PUT on infer", "PUT", INFER, infer(feat()), JSON, status=405)
V.add("repository index without an API key", "POST", "/v2/repository/index", "{}", JSON, status=401)
V.add("repository unload without an API key", "POST", "/v2/repository/models/tabular/unload", None, None, status=401)
V.add("repository load with a wrong API key", "POST", "/v2/repository/models/tabular/load", None, None,
      headers={"X-API-Key": "wrong-key"}, status=403)
V.add("repository load of an unknown model", "POST", "/v2/repository/models/no-such-model/load", None, None, headers=KEY, status=404)
V.add("repository unload of an unknown model", "POST", "/v2/repository/models/no-such-model/unload", None, None, headers=KEY, status=404)
V.add("repository load with an encoded path traversal", "POST", "/v2/repository/models/..%2F..%2Fetc/load", None, None, headers=KEY)
V.add("repository index ready is a non-boolean string", "POST", "/v2/repository/index", '{"ready": "yes"}', JSON, headers=KEY, status=400)
V.add("repository index ready is the string \"true\"", "POST", "/v2/repository/index", '{"ready": "true"}', JSON, headers=KEY)
V.add("repository index malformed", "POST", "/v2/repository/index", '{"ready": ', JSON, headers=KEY, status=400)
V.add("repository index unknown field", "POST", "/v2/repository/index", '{"colour": 1}', JSON, headers=KEY)
V.add("repository index content type application/xml", "POST", "/v2/repository/index", "<ready/>", "application/xml", headers=KEY, status=415)

# ---------------------------------------------------------------- /v1/embeddings (OpenAI's error shape)
E = Family("embeddings")
EMB = "/v1/embeddings"
EM = '"model": "all-minilm-l6-v2", '
e = lambda name, body, **kw: E.add(name, "POST", EMB, body, **kw)
e("malformed: unclosed object", '{"model": "all-minilm-l6-v2", "input": "hi"', status=400)
e("malformed: trailing comma", '{%s"input": "hi",}' % EM, status=400)
e("malformed: single quotes", "{'input': 'hi'}", status=400)
e("trailing garbage after the object", '{%s"input": "hi"} x' % EM, status=400)
e("body is empty", "", status=400)
e("body is null", "null", status=400)
e("body is an array", '["hi"]', status=400)
e("body is a JSON string", '"hi"', status=400)
e("empty object", "{}", status=400)
e("input is missing", '{"model": "all-minilm-l6-v2"}', status=400)
e("input is null", '{%s"input": null}' % EM, status=400)
e("input is an empty string", '{%s"input": ""}' % EM, status=400)
e("input is spaces only", '{%s"input": "   \\t\\n"}' % EM, status=400)
e("input is zero-width characters only", '{%s"input": "\\u200b\\ufeff"}' % EM, status=400)
e("input is an empty array", '{%s"input": []}' % EM, status=400)
e("input array holds an empty string", '{%s"input": ["fine", ""]}' % EM, status=400)
e("input array holds a null", '{%s"input": ["fine", null]}' % EM, status=400)
e("input array of nulls", '{%s"input": [null, null]}' % EM, status=400)
e("input is a number", '{%s"input": 5}' % EM, status=400)
e("input is a boolean", '{%s"input": true}' % EM, status=400)
e("input is an object", '{%s"input": {"text": "hi"}}' % EM, status=400)
e("input mixes strings and numbers", '{%s"input": ["hi", 5]}' % EM, status=400)
e("input mixes strings and arrays", '{%s"input": ["hi", [101, 102]]}' % EM, status=400)
e("input mixes token ids and strings", '{%s"input": [101, "hi"]}' % EM, status=400)
e("input mixes token-id arrays and ids", '{%s"input": [[101, 102], 103]}' % EM, status=400)
e("input is three levels deep", '{%s"input": [[["hi"]]]}' % EM, status=400)
e("token id is a fraction", '{%s"input": [101, 1.5, 102]}' % EM, status=400)
e("token id is negative", '{%s"input": [101, -1, 102]}' % EM, status=400)
e("token id is out of the vocabulary", '{%s"input": [101, 30522, 102]}' % EM, status=400)
e("token id does not fit 64 bits", '{%s"input": [101, 100000000000000000000, 102]}' % EM, status=400)
e("token id is a string", '{%s"input": [["101", "102"]]}' % EM, status=400)
e("token-id array is empty", '{%s"input": [[101, 102], []]}' % EM, status=400)
e("token ids over max-input-tokens", '{%s"input": [{{IDS}}101]}' % EM, expand={"{{IDS}}": rep("101, ", 8192)}, status=400)
e("token ids over the model's limit with truncate false", '{%s"truncate": false, "input": [{{IDS}}102]}' % EM,
  expand={"{{IDS}}": rep("2088, ", 300)}, status=400)
e("2,049 inputs (over max-inputs)", '{%s"input": [{{MANY}}"x"]}' % EM, expand={"{{MANY}}": rep('"x", ', 2048)}, status=413)
e("100,000 inputs", '{%s"input": [{{MANY}}"x"]}' % EM, expand={"{{MANY}}": rep('"x", ', 99999)}, status=413)
e("text over max-input-chars", '{%s"input": "{{LONG}}"}' % EM, expand={"{{LONG}}": rep("a", 65537)}, status=400)
e("text over the model's limit with truncate false", '{%s"truncate": false, "input": "{{LONG}}"}' % EM,
  expand={"{{LONG}}": rep("word ", 400)}, status=400)
e("text is a lone surrogate", '{%s"input": "\\ud800"}' % EM, status=400)
e("body is not valid UTF-8", None, raw=b'{"model": "all-minilm-l6-v2", "input": "caf\xc3\x28 \xff\xfe"}', status=400)
e("body over the 12M body limit", '{%s"input": "{{LONG}}"}' % EM, expand={"{{LONG}}": rep("x", 13 * 1024 * 1024)}, status=413)
e("input nested 5,000 deep", '{%s"input": {{OPEN}}{{CLOSE}}}' % EM, expand=nested(5000), status=400)
e("model is unknown", '{"model": "no-such-model", "input": "hi"}', status=404)
e("model serves another task", '{"model": "sentiment", "input": "hi"}', status=400)
e("model is a number", '{"model": 5, "input": "hi"}', status=400)
e("model is an empty string", '{"model": "", "input": "hi"}')
e("model is a path traversal", '{"model": "../../etc/passwd", "input": "hi"}')
e("encoding_format is unknown", '{%s"input": "hi", "encoding_format": "int8"}' % EM, status=400)
e("encoding_format is a number", '{%s"input": "hi", "encoding_format": 1}' % EM, status=400)
e("encoding_format is an empty string", '{%s"input": "hi", "encoding_format": ""}' % EM, status=400)
e("dimensions is 0", '{%s"input": "hi", "dimensions": 0}' % EM, status=400)
e("dimensions is negative", '{%s"input": "hi", "dimensions": -8}' % EM, status=400)
e("dimensions is above the model's width", '{%s"input": "hi", "dimensions": 385}' % EM, status=400)
e("dimensions is a fraction", '{%s"input": "hi", "dimensions": 64.5}' % EM, status=400)
e("dimensions is a string", '{%s"input": "hi", "dimensions": "64"}' % EM, status=400)
e("dimensions overflows an int", '{%s"input": "hi", "dimensions": 10000000000}' % EM, status=400)
e("truncate is a string", '{%s"input": "hi", "truncate": "yes"}' % EM, status=400)
e("truncate is a number", '{%s"input": "hi", "truncate": 0}' % EM, status=400)
e("user is a number", '{%s"input": "hi", "user": 42}' % EM, status=400)
e("unknown field", '{%s"input": "hi", "temperature": 0.5}' % EM, status=400)
e("duplicate keys", '{%s"input": "hi", "input": "ho"}' % EM, status=400)
e("content type text/plain", '{%s"input": "hi"}' % EM, ct="text/plain", status=415)
e("no content type", '{%s"input": "hi"}' % EM, ct=None, status=415)
E.add("GET on /v1/embeddings", "GET", EMB, ct=None, status=405)
E.add("unknown model by id", "GET", "/v1/models/no-such-model", ct=None, status=404)
E.add("unknown /v1 path", "GET", "/v1/no-such-endpoint", ct=None, status=404)

# ---------------------------------------------------------------- /v1/completions and /v1/chat/completions
def generation_cases():
    P = Family("completions")
    CMP = "/v1/completions"
    TG = '"model": "tinygpt", '
    c = lambda name, body, **kw: P.add(name, "POST", CMP, body, **kw)
    common = [
        ("malformed: unclosed object", '{"model": "tinygpt", "prompt": "hi"', 400),
        ("malformed: trailing comma", '{%s"prompt": "hi",}' % TG, 400),
        ("trailing garbage after the object", '{%s"prompt": "hi"} x' % TG, 400),
        ("body is empty", "", 400),
        ("body is null", "null", 400),
        ("body is an array", '["hi"]', 400),
        ("empty object", "{}", 400),
    ]
    for name, body, status in common:
        c(name, body, status=status)
    c("prompt is missing", '{"model": "tinygpt"}', status=400)
    c("prompt is null", '{%s"prompt": null}' % TG, status=400)
    c("prompt is an empty string", '{%s"prompt": ""}' % TG, status=400)
    c("prompt is whitespace", '{%s"prompt": " \\n\\t "}' % TG, status=400)
    c("prompt is an empty array", '{%s"prompt": []}' % TG, status=400)
    c("prompt is a number", '{%s"prompt": 5}' % TG, status=400)
    c("prompt is an object", '{%s"prompt": {"text": "hi"}}' % TG, status=400)
    c("two prompts", '{%s"prompt": ["one", "two"]}' % TG, status=400)
    c("token id is negative", '{%s"prompt": [10, -1]}' % TG, status=400)
    c("token id out of the vocabulary", '{%s"prompt": [10, 4096]}' % TG, status=400)
    c("token id is a fraction", '{%s"prompt": [10, 1.5]}' % TG, status=400)
    c("token id is a string", '{%s"prompt": [10, "11"]}' % TG, status=400)
    c("token ids over the context", '{%s"prompt": [{{IDS}}10]}' % TG, expand={"{{IDS}}": rep("10, ", 300)}, status=400)
    c("prompt over the context", '{%s"prompt": "{{LONG}}"}' % TG, expand={"{{LONG}}": rep("word ", 600)}, status=400)
    c("prompt over max-prompt-chars", '{%s"prompt": "{{LONG}}"}' % TG, expand={"{{LONG}}": rep("a", 262145)}, status=400)
    c("prompt is a lone surrogate", '{%s"prompt": "\\ud800"}' % TG, status=400)
    c("body is not valid UTF-8", None, raw=b'{"model": "tinygpt", "prompt": "caf\xc3\x28 \xff\xfe"}', status=400)
    c("max_tokens is 0", '{%s"prompt": "hi", "max_tokens": 0}' % TG, status=400)
    c("max_tokens is negative", '{%s"prompt": "hi", "max_tokens": -5}' % TG, status=400)
    c("max_tokens is huge", '{%s"prompt": "hi", "max_tokens": 1000000}' % TG, status=400)
    c("max_tokens overflows an int", '{%s"prompt": "hi", "max_tokens": 10000000000}' % TG, status=400)
    c("max_tokens is a fraction", '{%s"prompt": "hi", "max_tokens": 2.5}' % TG, status=400)
    c("max_tokens is a string", '{%s"prompt": "hi", "max_tokens": "5"}' % TG, status=400)
    c("max_tokens leaves no room after the prompt", '{%s"prompt": "hi there", "max_tokens": 256}' % TG, status=400)
    c("temperature is negative", '{%s"prompt": "hi", "temperature": -0.1}' % TG, status=400)
    c("temperature is above 2", '{%s"prompt": "hi", "temperature": 2.5}' % TG, status=400)
    c("temperature is a string", '{%s"prompt": "hi", "temperature": "hot"}' % TG, status=400)
    c("top_p is above 1", '{%s"prompt": "hi", "top_p": 1.5}' % TG, status=400)
    c("top_p is negative", '{%s"prompt": "hi", "top_p": -0.5}' % TG, status=400)
    c("top_k is -2", '{%s"prompt": "hi", "top_k": -2}' % TG, status=400)
    c("frequency_penalty is above 2", '{%s"prompt": "hi", "frequency_penalty": 3}' % TG, status=400)
    c("presence_penalty is below -2", '{%s"prompt": "hi", "presence_penalty": -3}' % TG, status=400)
    c("n is 2", '{%s"prompt": "hi", "n": 2}' % TG, status=400)
    c("n is 0", '{%s"prompt": "hi", "n": 0}' % TG, status=400)
    c("best_of is 3", '{%s"prompt": "hi", "best_of": 3}' % TG, status=400)
    c("echo is true", '{%s"prompt": "hi", "echo": true}' % TG, status=400)
    c("logprobs is 5", '{%s"prompt": "hi", "logprobs": 5}' % TG, status=400)
    c("suffix is set", '{%s"prompt": "hi", "suffix": "end"}' % TG, status=400)
    c("stop is a number", '{%s"prompt": "hi", "stop": 5}' % TG, status=400)
    c("stop holds a number", '{%s"prompt": "hi", "stop": ["a", 5]}' % TG, status=400)
    c("stop holds an empty string", '{%s"prompt": "hi", "stop": ["a", ""]}' % TG, status=400)
    c("stop list of 1,000 strings", '{%s"prompt": "hi", "stop": [{{MANY}}"x"]}' % TG,
      expand={"{{MANY}}": rep('"x", ', 999)}, status=400)
    c("stop list of five strings", '{%s"prompt": "hi", "stop": ["a", "b", "c", "d", "e"]}' % TG, status=400)
    c("stop string over max-stop-length", '{%s"prompt": "hi", "stop": "{{LONG}}"}' % TG,
      expand={"{{LONG}}": rep("s", 257)}, status=400)
    c("seed is a string", '{%s"prompt": "hi", "seed": "seven"}' % TG, status=400)
    c("seed is a fraction", '{%s"prompt": "hi", "seed": 1.5}' % TG, status=400)
    c("stream is a string", '{%s"prompt": "hi", "stream": "yes"}' % TG, status=400)
    c("stream_options without stream", '{%s"prompt": "hi", "stream_options": {"include_usage": true}}' % TG, status=400)
    c("stream_options has an unknown field", '{%s"prompt": "hi", "stream": true, "stream_options": {"x": 1}}' % TG, status=400)
    c("logit_bias key is not a token id", '{%s"prompt": "hi", "logit_bias": {"abc": 1}}' % TG, status=400)
    c("logit_bias value above 100", '{%s"prompt": "hi", "logit_bias": {"10": 101}}' % TG, status=400)
    c("logit_bias token out of the vocabulary", '{%s"prompt": "hi", "logit_bias": {"99999": 1}}' % TG, status=400)
    c("unknown field", '{%s"prompt": "hi", "temprature": 0.5}' % TG, status=400)
    c("duplicate keys", '{%s"prompt": "hi", "prompt": "ho"}' % TG, status=400)
    c("model is unknown", '{"model": "no-such-model", "prompt": "hi"}', status=404)
    c("model serves another task", '{"model": "sentiment", "prompt": "hi"}', status=400)
    c("streaming a non-generative model", '{"model": "all-minilm-l6-v2", "prompt": "hi", "stream": true}', status=400)
    c("model is a number", '{"model": 5, "prompt": "hi"}', status=400)
    c("prompt nested 5,000 deep", '{%s"prompt": {{OPEN}}{{CLOSE}}}' % TG, expand=nested(5000), status=400)
    c("content type text/plain", '{%s"prompt": "hi"}' % TG, ct="text/plain", status=415)
    c("no content type", '{%s"prompt": "hi"}' % TG, ct=None, status=415)
    P.add("GET on /v1/completions", "GET", CMP, ct=None, status=405)

    H = Family("chat")
    CHAT = "/v1/chat/completions"
    USER = '"messages": [{"role": "user", "content": "hi"}]'
    h = lambda name, body, **kw: H.add(name, "POST", CHAT, body, **kw)
    for name, body, status in common:
        h(name, body.replace('"prompt": "hi"', USER), status=status)
    h("messages is missing", '{"model": "tinygpt"}', status=400)
    h("messages is null", '{%s"messages": null}' % TG, status=400)
    h("messages is empty", '{%s"messages": []}' % TG, status=400)
    h("messages is a string", '{%s"messages": "hi"}' % TG, status=400)
    h("messages is an object", '{%s"messages": {"role": "user", "content": "hi"}}' % TG, status=400)
    h("message is a string", '{%s"messages": ["hi"]}' % TG, status=400)
    h("message is null", '{%s"messages": [null]}' % TG, status=400)
    h("message without a role", '{%s"messages": [{"content": "hi"}]}' % TG, status=400)
    h("role is a number", '{%s"messages": [{"role": 1, "content": "hi"}]}' % TG, status=400)
    h("role is unknown", '{%s"messages": [{"role": "wizard", "content": "hi"}]}' % TG, status=400)
    h("role is tool", '{%s"messages": [{"role": "tool", "content": "hi", "tool_call_id": "x"}]}' % TG, status=400)
    h("role is function", '{%s"messages": [{"role": "function", "content": "hi"}]}' % TG, status=400)
    h("role is empty", '{%s"messages": [{"role": "", "content": "hi"}]}' % TG, status=400)
    h("role in capitals", '{%s"messages": [{"role": "USER", "content": "hi"}]}' % TG, status=400)
    h("message without content", '{%s"messages": [{"role": "user"}]}' % TG, status=400)
    h("content is null", '{%s"messages": [{"role": "user", "content": null}]}' % TG, status=400)
    h("content is a number", '{%s"messages": [{"role": "user", "content": 5}]}' % TG, status=400)
    h("content is an object", '{%s"messages": [{"role": "user", "content": {"text": "hi"}}]}' % TG, status=400)
    h("content part is an image", '{%s"messages": [{"role": "user", "content": [{"type": "image_url", '
      '"image_url": {"url": "data:image/png;base64,AAAA"}}]}]}' % TG, status=400)
    h("content part without text", '{%s"messages": [{"role": "user", "content": [{"type": "text"}]}]}' % TG, status=400)
    h("all contents blank", '{%s"messages": [{"role": "user", "content": "  "}]}' % TG, status=400)
    h("content is a lone surrogate", '{%s"messages": [{"role": "user", "content": "\\ud800"}]}' % TG, status=400)
    h("message has tool_calls", '{%s"messages": [{"role": "assistant", "content": "x", "tool_calls": []}]}' % TG, status=400)
    h("message has an unknown field", '{%s"messages": [{"role": "user", "content": "hi", "mood": "x"}]}' % TG, status=400)
    h("257 messages", '{%s"messages": [{{MANY}}{"role": "user", "content": "x"}]}' % TG,
      expand={"{{MANY}}": rep('{"role": "user", "content": "x"}, ', 256)}, status=400)
    h("10,000 messages", '{%s"messages": [{{MANY}}{"role": "user", "content": "x"}]}' % TG,
      expand={"{{MANY}}": rep('{"role": "user", "content": "x"}, ', 9999)}, status=400)
    h("messages over the context", '{%s"messages": [{"role": "user", "content": "{{LONG}}"}]}' % TG,
      expand={"{{LONG}}": rep("word ", 600)}, status=400)
    h("messages over max-prompt-chars", '{%s"messages": [{"role": "user", "content": "{{LONG}}"}]}' % TG,
      expand={"{{LONG}}": rep("a", 262145)}, status=400)
    h("body is not valid UTF-8", None,
      raw=b'{"model": "tinygpt", "messages": [{"role": "user", "content": "caf\xc3\x28 \xff\xfe"}]}', status=400)
    h("max_tokens is 0", '{%s%s, "max_tokens": 0}' % (TG, USER), status=400)
    h("max_tokens is negative", '{%s%s, "max_tokens": -1}' % (TG, USER), status=400)
    h("max_tokens is huge", '{%s%s, "max_tokens": 1000000}' % (TG, USER), status=400)
    h("max_completion_tokens is 0", '{%s%s, "max_completion_tokens": 0}' % (TG, USER), status=400)
    h("max_completion_tokens is huge", '{%s%s, "max_completion_tokens": 99999999}' % (TG, USER), status=400)
    h("temperature is negative", '{%s%s, "temperature": -1}' % (TG, USER), status=400)
    h("temperature is 2.01", '{%s%s, "temperature": 2.01}' % (TG, USER), status=400)
    h("top_p is 1.01", '{%s%s, "top_p": 1.01}' % (TG, USER), status=400)
    h("frequency_penalty is -2.5", '{%s%s, "frequency_penalty": -2.5}' % (TG, USER), status=400)
    h("n is 2", '{%s%s, "n": 2}' % (TG, USER), status=400)
    h("n is 5 while streaming", '{%s%s, "n": 5, "stream": true}' % (TG, USER), status=400)
    h("logprobs is true", '{%s%s, "logprobs": true}' % (TG, USER), status=400)
    h("top_logprobs is set", '{%s%s, "top_logprobs": 3}' % (TG, USER), status=400)
    h("tools are given", '{%s%s, "tools": [{"type": "function", "function": {"name": "f"}}]}' % (TG, USER), status=400)
    h("tool_choice is required", '{%s%s, "tool_choice": "required"}' % (TG, USER), status=400)
    h("response_format is json_object", '{%s%s, "response_format": {"type": "json_object"}}' % (TG, USER), status=400)
    h("stop list of 1,000 strings", '{%s%s, "stop": [{{MANY}}"x"]}' % (TG, USER),
      expand={"{{MANY}}": rep('"x", ', 999)}, status=400)
    h("stop is an object", '{%s%s, "stop": {"a": 1}}' % (TG, USER), status=400)
    h("stream_options without stream", '{%s%s, "stream_options": {"include_usage": true}}' % (TG, USER), status=400)
    h("include_usage is a string", '{%s%s, "stream": true, "stream_options": {"include_usage": "yes"}}' % (TG, USER),
      status=400)
    h("seed overflows 64 bits", '{%s%s, "seed": 100000000000000000000}' % (TG, USER), status=400)
    h("unknown field", '{%s%s, "functions": []}' % (TG, USER), status=400)
    h("model is unknown", '{"model": "no-such-model", %s}' % USER, status=404)
    h("streaming a non-generative model", '{"model": "bge-small-en-v1.5", %s, "stream": true}' % USER, status=400)
    h("model serves another task", '{"model": "image", %s}' % USER, status=400)
    h("messages nested 5,000 deep", '{%s"messages": {{OPEN}}{{CLOSE}}}' % TG, expand=nested(5000), status=400)
    h("content type text/plain", '{%s%s}' % (TG, USER), ct="text/plain", status=415)
    H.add("GET on /v1/chat/completions", "GET", CHAT, ct=None, status=405)
    return P, H


# ---------------------------------------------------------------- collections (/v1/collections)
# BadInputCorpusTest runs good.json's "setup" for the family once before its first case: the
# collection corpus-c (all-minilm-l6-v2, 384 dimensions) with two documents. The good request
# afterwards checks that it still holds exactly two: nothing of a refused bulk was written.
def collections_cases():
    C = Family("collections")
    CP = "/v1/collections/corpus-c"
    DIMS = 384

    def put(name, body, path=CP, key=True, **kw):
        C.add("create: " + name, "PUT", path, body, headers=KEY if key else None, **kw)

    def docs(name, body, path=CP + "/documents", key=True, **kw):
        C.add("upsert: " + name, "POST", path, body, headers=KEY if key else None, **kw)

    def query(name, body, path=CP + "/query", **kw):
        C.add("query: " + name, "POST", path, body, **kw)

    def vector(n, value="0.05"):
        return "[" + ", ".join([value] * n) + "]"

    one = lambda doc: '{"documents": [%s]}' % doc
    model = '{"model": "all-minilm-l6-v2"}'
    put("name starts with a dash", model, path="/v1/collections/-x", status=400)
    put("name starts with a dot", model, path="/v1/collections/.hidden", status=400)
    put("name 65 characters", model, path="/v1/collections/" + "c" * 65, status=400)
    put("name with an encoded space", model, path="/v1/collections/a%20b", status=400)
    put("name with non-ASCII letters", model, path="/v1/collections/caf%C3%A9", status=400)
    put("name with an encoded slash", model, path="/v1/collections/a%2Fb")
    put("name with encoded path traversal", model, path="/v1/collections/..%2F..%2Fetc")
    put("model missing", "{}", path="/v1/collections/corpus-new", status=400)
    put("model is null", '{"model": null}', path="/v1/collections/corpus-new", status=400)
    put("model is empty", '{"model": ""}', path="/v1/collections/corpus-new", status=400)
    put("model is a number", '{"model": 5}', path="/v1/collections/corpus-new", status=400)
    put("unknown model", '{"model": "no-such-model"}', path="/v1/collections/corpus-new", status=404)
    put("model of another task (sentiment)", '{"model": "sentiment"}', path="/v1/collections/corpus-new", status=400)
    put("unknown version", '{"model": "all-minilm-l6-v2", "version": "99"}', path="/v1/collections/corpus-new", status=404)
    put("version is a number", '{"model": "all-minilm-l6-v2", "version": 1}', path="/v1/collections/corpus-new", status=400)
    put("existing collection, another version", '{"model": "all-minilm-l6-v2", "version": "99"}', status=409)
    put("existing collection, another model", '{"model": "sentiment"}', status=409)
    put("unknown field", '{"model": "all-minilm-l6-v2", "dimensions": 3}', path="/v1/collections/corpus-new", status=400)
    put("body is an array", "[]", path="/v1/collections/corpus-new", status=400)
    put("body is null", "null", path="/v1/collections/corpus-new", status=400)
    put("malformed JSON", '{"model": ', path="/v1/collections/corpus-new", status=400)
    put("content type text/plain", model, path="/v1/collections/corpus-new", ct="text/plain", status=415)
    put("without an API key", model, path="/v1/collections/corpus-new", key=False, status=401)
    C.add("create: with a wrong API key", "PUT", "/v1/collections/corpus-new", model,
          headers={"X-API-Key": "wrong-key"}, status=403)

    docs("documents is empty", '{"documents": []}', status=400)
    docs("documents is missing", "{}", status=400)
    docs("documents is null", '{"documents": null}', status=400)
    docs("documents is an object", '{"documents": {"id": "n1", "text": "x"}}', status=400)
    docs("a document is null", '{"documents": [null]}', status=400)
    docs("text is empty", one('{"id": "n1", "text": ""}'), status=400)
    docs("text is whitespace", one('{"id": "n1", "text": " \\t\\n "}'), status=400)
    docs("text is missing", one('{"id": "n1"}'), status=400)
    docs("text is a number", one('{"id": "n1", "text": 5}'), status=400)
    docs("text is a lone surrogate", one('{"id": "n1", "text": "\\ud800"}'), status=400)
    docs("text 8,193 characters", one('{"id": "n1", "text": "{{LONG}}"}'), expand={"{{LONG}}": rep("a", 8193)}, status=400)
    docs("text of 10 MB", one('{"id": "n1", "text": "{{LONG}}"}'), expand={"{{LONG}}": rep("ab ", 3495254)})
    docs("id is missing", one('{"text": "x"}'), status=400)
    docs("id is empty", one('{"id": "", "text": "x"}'), status=400)
    docs("id is a number", one('{"id": 5, "text": "x"}'), status=400)
    docs("id with a slash", one('{"id": "a/b", "text": "x"}'), status=400)
    docs("id 129 characters", one('{"id": "%s", "text": "x"}' % ("i" * 129)), status=400)
    docs("duplicate ids in one request", '{"documents": [{"id": "n1", "text": "x"}, {"id": "n1", "text": "y"}]}', status=400)
    docs("second document bad after a good new one", '{"documents": [{"id": "n1", "text": "fine"}, {"id": "n2", "text": ""}]}', status=400)
    docs("last of three documents bad", '{"documents": [{"id": "n1", "text": "a"}, {"id": "n2", "text": "b"}, '
         '{"id": "n3", "text": "c", "metadata": {"k": [1]}}]}', status=400)
    docs("257 documents in one request", '{"documents": [{{DOCS}}{"id": "last", "text": "x"}]}',
         expand={"{{DOCS}}": rep('{"id": "n", "text": "x"}, ', 256)}, status=413)
    docs("metadata is a string", one('{"id": "n1", "text": "x", "metadata": "en"}'), status=400)
    docs("metadata is an array", one('{"id": "n1", "text": "x", "metadata": ["en"]}'), status=400)
    docs("metadata value is an object", one('{"id": "n1", "text": "x", "metadata": {"a": {"b": 1}}}'), status=400)
    docs("metadata value is null", one('{"id": "n1", "text": "x", "metadata": {"a": null}}'), status=400)
    docs("metadata value is an array", one('{"id": "n1", "text": "x", "metadata": {"a": [1, 2]}}'), status=400)
    docs("metadata has 17 fields", one('{"id": "n1", "text": "x", "metadata": {%s}}'
         % ", ".join('"f%d": %d' % (i, i) for i in range(17))), status=400)
    docs("metadata value 257 characters", one('{"id": "n1", "text": "x", "metadata": {"a": "%s"}}' % ("v" * 257)), status=400)
    docs("metadata field name empty", one('{"id": "n1", "text": "x", "metadata": {"": 1}}'), status=400)
    docs("metadata number 1e400", one('{"id": "n1", "text": "x", "metadata": {"a": 1e400}}'), status=400)
    docs("unknown field in a document", one('{"id": "n1", "text": "x", "title": "t"}'), status=400)
    docs("unknown top-level field", '{"documents": [{"id": "n1", "text": "x"}], "upsert": true}', status=400)
    docs("duplicate keys in a document", one('{"id": "n1", "text": "x", "text": "y"}'), status=400)
    docs("body is empty", "", status=400)
    docs("unknown collection", one('{"id": "n1", "text": "x"}'), path="/v1/collections/no-such-collection/documents", status=404)
    docs("without an API key", one('{"id": "n1", "text": "x"}'), key=False, status=401)

    query("neither query nor vector", '{"top_k": 3}', status=400)
    query("both query and vector", '{"query": "x", "vector": %s, "mode": "dense"}' % vector(DIMS), status=400)
    query("vector in hybrid mode", '{"vector": %s}' % vector(DIMS), status=400)
    query("vector in lexical mode", '{"vector": %s, "mode": "lexical"}' % vector(DIMS), status=400)
    query("vector of 3 values", '{"vector": [0.1, 0.2, 0.3], "mode": "dense"}', status=400)
    query("vector one value short", '{"vector": %s, "mode": "dense"}' % vector(DIMS - 1), status=400)
    query("vector empty", '{"vector": [], "mode": "dense"}', status=400)
    query("vector all zeros", '{"vector": %s, "mode": "dense"}' % vector(DIMS, "0"), status=400)
    query("vector value beyond 32-bit floats", '{"vector": [1e39%s], "mode": "dense"}' % (", 0.1" * (DIMS - 1)), status=400)
    query("vector holds strings", '{"vector": ["0.1", "0.2"], "mode": "dense"}', status=400)
    query("vector is a string", '{"vector": "0.1,0.2", "mode": "dense"}', status=400)
    query("top_k is 0", '{"query": "x", "top_k": 0}', status=400)
    query("top_k is -1", '{"query": "x", "top_k": -1}', status=400)
    query("top_k is 101", '{"query": "x", "top_k": 101}', status=400)
    query("top_k is 1,000,000", '{"query": "x", "top_k": 1000000}', status=400)
    query("top_k overflows an int", '{"query": "x", "top_k": 99999999999}', status=400)
    query("top_k is a string", '{"query": "x", "top_k": "3"}', status=400)
    query("top_k is a fraction", '{"query": "x", "top_k": 2.5}', status=400)
    query("filter on a field no document has", '{"query": "x", "filter": {"colour": "red"}}', status=400)
    query("filter on an unknown field, lexical", '{"query": "x", "mode": "lexical", "filter": {"colour": 1}}', status=400)
    query("filter value is an object", '{"query": "x", "filter": {"lang": {"eq": "en"}}}', status=400)
    query("filter value is an array", '{"query": "x", "filter": {"lang": ["en"]}}', status=400)
    query("filter value is null", '{"query": "x", "filter": {"lang": null}}', status=400)
    query("filter is an array", '{"query": "x", "filter": [{"lang": "en"}]}', status=400)
    query("filter is a string", '{"query": "x", "filter": "lang=en"}', status=400)
    query("mode unknown", '{"query": "x", "mode": "semantic"}', status=400)
    query("mode in upper case", '{"query": "x", "mode": "DENSE"}', status=400)
    query("mode is a number", '{"query": "x", "mode": 1}', status=400)
    query("query is empty", '{"query": ""}', status=400)
    query("query is whitespace", '{"query": "   "}', status=400)
    query("query 1,001 characters", '{"query": "{{LONG}}"}', expand={"{{LONG}}": rep("q", 1001)}, status=400)
    query("query is a number", '{"query": 5}', status=400)
    query("query is an array", '{"query": ["x"]}', status=400)
    query("unknown field", '{"query": "x", "k": 3}', status=400)
    query("body is null", "null", status=400)
    query("body is empty", "", status=400)
    query("content type text/plain", '{"query": "x"}', ct="text/plain", status=415)
    query("unknown collection", '{"query": "x"}', path="/v1/collections/no-such-collection/query", status=404)

    g = lambda name, method, path, key=False, **kw: C.add(name, method, path, ct=None, headers=KEY if key else None, **kw)
    g("get: unknown document", "GET", CP + "/documents/no-such-document", status=404)
    g("get: document id with an encoded space", "GET", CP + "/documents/a%20b", status=400)
    g("get: unknown collection", "GET", "/v1/collections/no-such-collection", status=404)
    g("get: bad collection name", "GET", "/v1/collections/-x", status=400)
    g("delete: unknown document", "DELETE", CP + "/documents/no-such-document", key=True, status=404)
    g("delete: document without an API key", "DELETE", CP + "/documents/c1", status=401)
    g("delete: unknown collection", "DELETE", "/v1/collections/no-such-collection", key=True, status=404)
    g("delete: collection without an API key", "DELETE", CP, status=401)
    g("PATCH a collection", "PATCH", CP, key=True, status=405)
    g("GET on query", "GET", CP + "/query", status=405)
    return C


counts = {f.name: f.write() for f in (S, I, R, N, B, M, V, E, collections_cases(), *generation_cases())}

good = {
    "sentiment": {"name": "good sentiment", "method": "POST", "path": "/api/predict/sentiment", "content_type": JSON,
                  "body": '{"text": "I love this, it works perfectly."}', "status": 200},
    "image": {"name": "good raw PNG", "method": "POST", "path": "/api/predict/image?top_k=3", "content_type": "image/png",
              "body_base64": PNG_B64, "status": 200},
    "recommend": {"name": "good recommend", "method": "POST", "path": "/api/predict/recommend", "content_type": JSON,
                  "body": '{"user_id": "42", "limit": 3}', "status": 200},
    "interactions": {"name": "good interaction", "method": "POST", "path": "/api/interactions", "content_type": JSON,
                     "body": '{"user_id": "corpus-user", "item_id": "356", "rating": 4.5}', "status": 202},
    "batch": {"name": "good batch", "method": "POST", "path": "/api/predict/batch", "content_type": JSON,
              "body": '{"texts": ["Great product!", "Terrible service"]}', "status": 200},
    "management": {"name": "good traffic reset", "method": "PUT", "path": "/models/sentiment-fast/traffic",
                   "content_type": JSON, "headers": KEY, "body": "{}", "status": 200},
    "embeddings": {"name": "good embeddings", "method": "POST", "path": "/v1/embeddings", "content_type": JSON,
                   "body": '{"model": "all-minilm-l6-v2", "input": ["fine", "also fine"]}', "status": 200},
    "completions": {"name": "good completion", "method": "POST", "path": "/v1/completions", "content_type": JSON,
                    "body": '{"model": "tinygpt", "prompt": "The kernel", "max_tokens": 2}', "status": 200},
    "chat": {"name": "no sequence of tinygpt left running", "method": "GET", "path": "/q/metrics", "status": 200,
             "body_contains": 'zerocold_generation_sequences{model="tinygpt",state="running",version="1",} 0.0'},
    "v2": {"name": "good tabular infer", "method": "POST", "path": INFER, "content_type": JSON,
           "body": infer(feat()), "status": 200},
    "collections": {"name": "corpus-c still holds its two documents", "method": "GET", "path": "/v1/collections/corpus-c",
                    "status": 200, "body_contains": '"documents":2',
                    "setup": [
                        {"name": "create corpus-c", "method": "PUT", "path": "/v1/collections/corpus-c", "content_type": JSON,
                         "headers": KEY, "body": '{"model": "all-minilm-l6-v2"}'},
                        {"name": "two documents", "method": "POST", "path": "/v1/collections/corpus-c/documents",
                         "content_type": JSON, "headers": KEY,
                         "body": '{"documents": [{"id": "c1", "text": "The cat sat on the mat.", "metadata": {"lang": "en", "n": 1}}, '
                                 '{"id": "c2", "text": "Stock prices fell sharply today.", "metadata": {"lang": "en", "n": 2}}]}'}]},
}
with open(os.path.join(OUT, "good.json"), "w") as f:
    json.dump(good, f, indent=2)
    f.write("\n")
print(counts, sum(counts.values()))
