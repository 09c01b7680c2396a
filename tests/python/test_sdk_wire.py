#!/usr/bin/env python3
"""Wire-conformance test: the exact HTTP requests the AIS Python SDK sends, against a real local cluster.

The AIS Python SDK (NVIDIA/aistore, python/aistore/sdk) cannot be installed here, so this test
replays what it puts on the wire and checks the replies the way the SDK parses them. Every test
names the SDK source it reproduces. Facts taken from the SDK (our own code, no SDK code copied):

- request_client.py `RequestClient.request`: URL = `<endpoint>/v1/<path>`; headers
  `Content-Type: application/json` and `User-Agent: ais/python/<ver>` on EVERY request (object PUTs
  too); `json=` bodies are sent with GET/HEAD/DELETE as well; `requests` follows redirects (301
  drops the body and Content-Type, 307 keeps method and body).
- types.py `ActionMsg`: the control body always carries all three keys `{"action","name","value"}`.
- types.py `JobArgs.as_dict`: `{"ID","Kind","DaemonID","Bck","Buckets"}`; `JobQuery.as_dict`:
  `{"kind","node","show_active"}`; `BsummCtrlMsg`: `{"uuid","prefix","cached","present"}`;
  `ListObjectsMsg.as_dict`: `{"prefix","pagesize","uuid","props","continuation_token","flags"(str),"target"}`;
  `CopyBckMsg.as_dict`: `{"prefix","prepend","dry_run","force","latest-ver","synchronize"}`;
  `TCMultiObj.as_dict`: selection + copy msg + `"tobck"` + `"coer"`.
- bucket.py: `Bucket.__init__` puts `provider=ais` in every query; `create(exist_ok)` swallows
  `ErrBckAlreadyExists`; `delete(missing_ok)` swallows `ErrBckNotFound`; `list_objects` sends
  `Accept: application/msgpack`; `list_all_objects` loops on `ContinuationToken` re-sending `uuid`;
  `summary` needs a first reply != 200, strips '"' from the id, polls until 200 and takes `[0]`;
  `info` needs HEAD 202 + `Ais-Xaction-Id`, then polls HEAD `&uuid=` until 200 reading `Ais-Bucket-Summ`;
  `copy`/`rename` use `bck_to=ais/@#/DST/` and return `resp.text` as the job id.
- utils.py `decode_response`: msgpack only when `Content-Type` == "application/msgpack" exactly;
  `extract_and_parse_url` regex `(ais|aws|azure|gcp|oci|gs|s3)://([A-Za-z0-9@#._-]{1,132})(?:(/)|(?![A-Za-z0-9@#._-]))`.
- response_handler.py `AISResponseHandler.parse_error`: classification from `r.text` (404 + object
  => ErrObjNotFound, 404 + bucket => ErrBckNotFound, 409 + bucket => ErrBckAlreadyExists).
- types.py models: `Smap`, `Snode`, `BucketModel`, `BucketList`/`BucketEntry` (msgpack),
  `JobStatus`, `JobSnap`/`AggregatedJobSnap`, `JobStats` (keys `loc-objs`...).
- job.py (2026): `wait()` resolves an empty kind via `qryxstats`; idle kinds (xact_const.py
  `IDLE_KINDS`: copy-listrange, archive, ...) wait via `qryxstats` until all snaps are idle on
  `NUM_CONSECUTIVE_IDLE = 2` consecutive polls (or any aborted); other kinds poll `what=status` until
  `end_time != 0`; success = no `err` and not `aborted`. Poll interval = utils.probing_frequency.
- multiobj/object_group.py: delete/copy return `resp.text`; callers (and native-api.md 2.6) split
  several job ids on ','.
- cluster.py: `get_info` (GET daemon?what=smap), `list_buckets`, `is_ready` (GET health?prr=true on
  the primary's `direct_url`), `list_jobs_status` (what=status_all, JSON list or null),
  `list_running_jobs` (what=running_all, list of str).
- obj/object.py, object_writer.py, object_client.py, object_attributes.py: PUT/GET/HEAD/DELETE on
  `objects/<bck>/<quote(name)>`, `Range` header, copy via `object_to=<uname>&latest-ver=false&synchronize=false`,
  direct reads to the HRW target computed from the Smap (types.py `Smap.get_target_for_object`).

Usage: python3 test_sdk_wire.py [--bin DIR] [unittest args]   (or env AIS_BIN=DIR)
Starts its own cluster (1 proxy, 3 targets) with deploy/local/run.sh in a temp dir, stops it at the end.
"""
import argparse
import atexit
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.parse

import msgpack

try:
    import xxhash  # python3-xxhash (deploy/deps.sh)
except ImportError:  # pragma: no cover
    xxhash = None

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("AIS_BIN", os.path.join(REPO, "build", "bin"))

JSON_CT = "application/json"
MSGPACK_CT = "application/msgpack"
USER_AGENT = "ais/python/1.18.0"

# --- errors, as AISResponseHandler.parse_error classifies them -----------------------------------


class AISError(Exception):
    def __init__(self, status, text, url):
        super().__init__(f"{type(self).__name__}({status}): {text!r} [{url}]")
        self.status, self.text, self.url = status, text, url


class ErrBckNotFound(AISError):
    pass


class ErrRemoteBckNotFound(AISError):
    pass


class ErrObjNotFound(AISError):
    pass


class ErrBckAlreadyExists(AISError):
    pass


class ErrETLNotFound(AISError):
    pass


class ErrETLAlreadyExists(AISError):
    pass


PROVIDERS = ("ais", "aws", "azure", "gcp", "oci")
PROVIDER_ALIASES = {"gs": "gcp", "s3": "aws"}
BUCKET_CHARS = r"[A-Za-z0-9@#._-]"
FQN_RE = re.compile(
    r"(" + "|".join(PROVIDERS + tuple(PROVIDER_ALIASES)) + r")://(" + BUCKET_CHARS + r"{1,132})(?:(/)|(?!"
    + BUCKET_CHARS + r"))")


def classify_error(status, text, url):
    """The exception class the SDK raises for a >= 400 reply (response_handler.py parse_error)."""
    m = FQN_RE.search(text)
    prov = bck = None
    has_obj = False
    if m:
        prov = PROVIDER_ALIASES.get(m.group(1), m.group(1))
        bck, has_obj = m.group(2), bool(m.group(3))
    cls = AISError
    if status == 404:
        if "etl job" in text:
            cls = ErrETLNotFound
        elif prov:
            if has_obj:
                cls = ErrObjNotFound
            elif prov != "ais" or "@" in bck:
                cls = ErrRemoteBckNotFound
            else:
                cls = ErrBckNotFound
    elif status == 409:
        if "etl job" in text:
            cls = ErrETLAlreadyExists
        elif prov and not has_obj:
            cls = ErrBckAlreadyExists
    return cls(status, text, url)


# --- a minimal `requests`-like client ---------------------------------------------------------


class Resp:
    def __init__(self, status, headers, body, url, method):
        self.status_code, self.headers, self.content, self.url, self.method = status, headers, body, url, method

    @property
    def text(self):
        return self.content.decode("utf-8", errors="replace")

    def header(self, name, default=None):
        """requests' CaseInsensitiveDict.get: repeated headers are joined with ', '."""
        vals = self.headers.get_all(name)
        return ", ".join(vals) if vals else default

    def json(self):
        return json.loads(self.text)


def _raw(method, url, headers, body, timeout=60):
    u = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=timeout)
    try:
        path = u.path + ("?" + u.query if u.query else "")
        conn.request(method, path, body=body, headers=headers)
        r = conn.getresponse()
        data = r.read()
        return Resp(r.status, r.msg, data, url, method)
    finally:
        conn.close()


def encode_params(params):
    """requests encodes params with urlencode; a bool becomes 'True'/'False' (str(bool))."""
    return urllib.parse.urlencode([(k, str(v)) for k, v in (params or {}).items()])


class SDKClient:
    """What RequestClient.request + requests.Session put on the wire (HTTP, not HTTPS)."""

    def __init__(self, endpoint):
        self.endpoint = endpoint.rstrip("/")
        self.base_url = self.endpoint + "/v1"
        self.log = []  # (method, url, headers, body) of every request sent, redirects included

    def request(self, method, path, params=None, json_body=None, data=None, headers=None,
                endpoint=None, raise_errors=True, allow_redirects=True):
        base = (endpoint.rstrip("/") + "/v1") if endpoint else self.base_url
        url = f"{base}/{path.lstrip('/')}"
        q = encode_params(params)
        if q:
            url += "?" + q
        hdrs = dict(headers or {})
        hdrs["Content-Type"] = JSON_CT
        hdrs["User-Agent"] = USER_AGENT
        hdrs.setdefault("Accept", "*/*")
        body = None
        if json_body is not None:
            body = json.dumps(json_body).encode()  # requests: complexjson.dumps(json, allow_nan=False)
        elif data is not None:
            body = data
        resp = None
        for _ in range(10):
            self.log.append((method, url, dict(hdrs), body))
            resp = _raw(method.upper(), url, hdrs, body)
            if not allow_redirects or resp.status_code not in (301, 302, 303, 307, 308):
                break
            loc = resp.header("Location")
            if not loc:
                break
            url = urllib.parse.urljoin(url, loc)
            if resp.status_code not in (307, 308):
                # requests.Session.resolve_redirects: drop the body and its headers
                body = None
                for h in ("Content-Type", "Content-Length", "Transfer-Encoding"):
                    hdrs.pop(h, None)
                if resp.status_code in (302, 303) and method.upper() != "HEAD":
                    method = "GET"
                elif resp.status_code == 301 and method.upper() == "POST":
                    method = "GET"
        if raise_errors and resp.status_code >= 400:
            raise classify_error(resp.status_code, resp.text, resp.url)
        return resp


def action_msg(action, name="", value=None):
    return {"action": action, "name": name, "value": value}


def job_args(job_id="", kind=""):
    return {"ID": job_id, "Kind": kind, "DaemonID": "", "Bck": None, "Buckets": None}


def probing_frequency(dur):
    freq = min(dur / 8.0, 1.0)
    freq = max(dur / 64.0, freq)
    return max(freq, 0.1)


IDLE_KINDS = frozenset({"ec-get", "ec-put", "ec-resp", "put-copies", "archive", "copy-listrange",
                        "etl-listrange", "download", "list", "get-batch"})
ZERO_TIME = "0001-01-01T00:00:00Z"

# --- schema checks mirroring the SDK's models ----------------------------------------------------


def is_int_like(v):
    """pydantic coerces int fields from ints and from numeric strings."""
    if isinstance(v, bool):
        return False
    if isinstance(v, int):
        return True
    return isinstance(v, str) and re.fullmatch(r"-?\d+", v) is not None


class Sdk:
    """The SDK calls this test replays, each returning what the SDK would return."""

    def __init__(self, client):
        self.c = client

    # cluster.py
    def get_smap(self):
        return self.c.request("get", "daemon", params={"what": "smap"}).json()

    def list_buckets(self, provider="ais"):
        return self.c.request("get", "buckets", params={"provider": provider},
                              json_body=action_msg("list")).json()

    def is_ready(self):
        smap = self.get_smap()
        try:
            r = self.c.request("get", "health", params={"prr": "true"},
                               endpoint=smap["proxy_si"]["public_net"]["direct_url"])
            return r.status_code < 400
        except Exception:  # pylint: disable=broad-except
            return False

    def list_jobs_status(self, kind="", target=""):
        res = self.c.request("get", "cluster", params={"what": "status_all"},
                             json_body={"kind": kind, "node": target, "show_active": False}).json()
        return [] if res is None else res

    def list_running_jobs(self, kind="", target=""):
        return self.c.request("get", "cluster", params={"what": "running_all"},
                              json_body={"kind": kind, "node": target, "show_active": True}).json()

    # bucket.py
    def bck_request(self, method, bck, action, value=None, params=None, raise_errors=True):
        return self.c.request(method, f"buckets/{bck}", params=params or {"provider": "ais"},
                              json_body=action_msg(action, value=value), raise_errors=raise_errors)

    def create(self, bck, exist_ok=False):
        try:
            self.bck_request("post", bck, "create-bck")
        except ErrBckAlreadyExists:
            if not exist_ok:
                raise

    def delete(self, bck, missing_ok=False):
        try:
            self.bck_request("delete", bck, "destroy-bck")
        except ErrBckNotFound:
            if not missing_ok:
                raise

    def head_bucket(self, bck):
        return self.c.request("head", f"buckets/{bck}", params={"provider": "ais"})

    def list_objects(self, bck, prefix="", props="", page_size=0, uuid="", token="", flags=0, accept=MSGPACK_CT):
        value = {"prefix": prefix, "pagesize": page_size, "uuid": uuid, "props": props,
                 "continuation_token": token, "flags": str(flags), "target": ""}
        hdrs = {"Accept": accept} if accept else None
        return self.c.request("get", f"buckets/{bck}", params={"provider": "ais"},
                              json_body=action_msg("list", value=value), headers=hdrs)

    def copy_bucket(self, src, dst, prefix=""):
        value = {"prefix": prefix, "prepend": "", "dry_run": False, "force": False,
                 "latest-ver": False, "synchronize": False}
        return self.bck_request("post", src, "copy-bck", value=value,
                                params={"provider": "ais", "bck_to": f"ais/@#/{dst}/"}).text

    def rename_bucket(self, src, dst):
        return self.bck_request("post", src, "move-bck",
                                params={"provider": "ais", "bck_to": f"ais/@#/{dst}/"}).text

    def summary(self, bck, prefix=""):
        msg = {"uuid": "", "prefix": prefix, "cached": True, "present": True}
        resp = self.bck_request("get", bck, "summary-bck", value=msg)
        if resp.status_code == 200:
            raise AssertionError("Bucket.summary: first reply is 200, the SDK raises UnexpectedHTTPStatusCode([202])")
        msg["uuid"] = resp.text.strip('"')
        sleep, deadline = 0.2, time.time() + 60
        while True:
            resp = self.bck_request("get", bck, "summary-bck", value=msg)
            if resp.status_code == 200:
                break
            if resp.status_code not in (202, 206):
                raise AssertionError(f"Bucket.summary: unexpected status {resp.status_code}")
            if time.time() > deadline:
                raise AssertionError("Bucket.summary did not complete in 60s")
            time.sleep(sleep)
            if resp.status_code != 206:
                sleep = min(10, sleep * 1.5)
        return msg["uuid"], json.loads(resp.content.decode("utf-8"))[0]

    def info(self, bck, flt_presence=0, bsumm_remote=True, prefix=""):
        params = {"provider": "ais", "presence": flt_presence, "bsumm_remote": bsumm_remote}
        path = f"buckets/{bck}" + (f"/{prefix}" if prefix else "")
        resp = self.c.request("head", path, params=params)
        props = resp.header("Ais-Bucket-Props", "{}")
        uuid = resp.header("Ais-Xaction-Id", "").strip('"')
        params["uuid"] = uuid
        if resp.status_code != 202:
            raise AssertionError(f"Bucket.info: first HEAD replied {resp.status_code}, the SDK requires 202")
        result, deadline = {}, time.time() + 60
        time.sleep(2)
        while True:
            resp = self.c.request("head", f"buckets/{bck}", params=params)
            summ = resp.header("Ais-Bucket-Summ", "")
            if summ:
                result = json.loads(summ)
            if resp.status_code == 200:
                break
            if time.time() > deadline:
                raise AssertionError("Bucket.info did not complete in 60s")
            time.sleep(2)
        return props, uuid, result

    def group(self, method, bck, action, value):
        return self.bck_request(method, bck, action, value=value).text

    # job.py
    def job_status(self, job_id, kind=""):
        return self.c.request("get", "cluster", params={"what": "status"}, json_body=job_args(job_id, kind)).json()

    def job_details(self, job_id, kind=""):
        return self.c.request("get", "cluster", params={"what": "qryxstats"},
                              json_body=job_args(job_id, kind)).json()

    def job_wait(self, job_id, kind="", timeout=60):
        """Job.wait (2026): dispatch on the kind; returns (kind, success, error)."""
        if not kind:
            for snaps in self.job_details(job_id).values():
                for s in snaps:
                    if s.get("kind"):
                        kind = s["kind"]
                        break
                if kind:
                    break
            if not kind:
                raise AssertionError(f"JobInfoNotFound: no job info found for {job_id!r}")
        sleep, passed = probing_frequency(timeout), 0.0
        if kind in IDLE_KINDS:
            streak = 0
            while True:
                details = self.job_details(job_id)
                snaps = [s for ss in details.values() for s in (ss or [])]
                if passed > timeout:
                    raise AssertionError(f"Timeout: job {job_id} ({kind}) never idle twice: {snaps}")
                if snaps:
                    if any(s.get("aborted") for s in snaps):
                        return kind, False, "aborted"
                    if all(s.get("is_idle") for s in snaps):
                        streak += 1
                        if streak >= 2:
                            errs = [s.get("abort-err") or s.get("err") for s in snaps if s.get("abort-err") or s.get("err")]
                            return kind, not errs, "; ".join(errs)
                    else:
                        streak = 0
                time.sleep(sleep)
                passed += sleep
        while True:
            st = self.job_status(job_id, "")
            if passed > timeout:
                raise AssertionError(f"Timeout: job {job_id} ({kind}) status {st}")
            if st.get("end_time", 0) == 0:
                time.sleep(sleep)
                passed += sleep
                continue
            success = not st.get("err") and not st.get("aborted")
            return kind, success, st.get("err") or ("aborted" if st.get("aborted") else "")

    # obj/*.py
    @staticmethod
    def obj_path(bck, name):
        return f"objects/{bck}/{urllib.parse.quote(name)}"

    def put(self, bck, name, data, headers=None):
        return self.c.request("put", self.obj_path(bck, name), params={"provider": "ais"}, data=data,
                              headers=headers)

    def get(self, bck, name, byte_range=None, raise_errors=True):
        hdrs = {"Range": byte_range} if byte_range else None
        return self.c.request("get", self.obj_path(bck, name), params={"provider": "ais"}, headers=hdrs,
                              raise_errors=raise_errors)

    def head_obj(self, bck, name):
        return self.c.request("head", self.obj_path(bck, name), params={"provider": "ais"})

    def delete_obj(self, bck, name):
        return self.c.request("delete", self.obj_path(bck, name), params={"provider": "ais"})

    def copy_obj(self, bck, name, dst_bck, dst_name):
        params = {"provider": "ais", "object_to": os.path.join(f"ais/@#/{dst_bck}/", dst_name),
                  "latest-ver": "false", "synchronize": "false"}
        return self.c.request("put", self.obj_path(bck, name), params=params)


# --- the cluster ----------------------------------------------------------------------------------

CLUSTER = {}


def _ports_free(base, n):
    for p in range(base, base + n):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            try:
                s.bind(("127.0.0.1", p))
            except OSError:
                return False
    return True


def start_cluster():
    if not os.access(os.path.join(BIN, "aisnode"), os.X_OK):
        raise RuntimeError(f"no aisnode in {BIN} (pass --bin or AIS_BIN)")
    data = tempfile.mkdtemp(prefix="ais-sdk-wire-")
    CLUSTER["data"] = data
    atexit.register(stop_cluster)
    rnd = random.Random()
    last = ""
    for attempt in range(6):
        # 20000..32767: inside the asked-for 20000-40000 and below the kernel's ephemeral range
        # (32768+), where the C++ tests' LocalCluster gets its ports, so parallel CTest runs do not collide.
        base = rnd.randrange(20000, 32768 - 8)
        if not _ports_free(base, 4):
            continue
        shutil.rmtree(data, ignore_errors=True)
        os.makedirs(data)
        env = dict(os.environ, AIS_DATA=data, AIS_PORT=str(base), AIS_TARGETS="3", AIS_PROXIES="1", AIS_BIN=BIN)
        p = subprocess.run(["bash", os.path.join(REPO, "deploy/local/run.sh")], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=90, check=False)
        if p.returncode == 0:
            CLUSTER["endpoint"] = f"http://127.0.0.1:{base}"
            CLUSTER["env"] = env
            return
        last = p.stdout.decode(errors="replace")
        subprocess.run(["bash", os.path.join(REPO, "deploy/local/stop.sh")], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        sys.stderr.write(f"cluster start attempt {attempt + 1} on port {base} failed:\n{last}\n")
    raise RuntimeError("could not start a local cluster:\n" + last)


def stop_cluster():
    data = CLUSTER.pop("data", None)
    if not data:
        return
    env = dict(os.environ, AIS_DATA=data)
    subprocess.run(["bash", os.path.join(REPO, "deploy/local/stop.sh")], env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    if os.environ.get("AIS_KEEP_DATA"):
        sys.stderr.write(f"cluster data kept in {data}\n")
    else:
        shutil.rmtree(data, ignore_errors=True)


def setUpModule():  # noqa: N802 (unittest hook)
    start_cluster()


def tearDownModule():  # noqa: N802
    stop_cluster()


_SEQ = [0]


def uniq(prefix):
    _SEQ[0] += 1
    return f"{prefix}-{os.getpid()}-{_SEQ[0]}"


class WireTest(unittest.TestCase):
    maxDiff = None

    def setUp(self):
        self.client = SDKClient(CLUSTER["endpoint"])
        self.sdk = Sdk(self.client)
        self.buckets = []

    def tearDown(self):
        for b in self.buckets:
            self.sdk.delete(b, missing_ok=True)

    def new_bucket(self, prefix="b"):
        b = uniq(prefix)
        self.sdk.create(b)
        self.buckets.append(b)
        return b

    def fill(self, bck, names, size=None):
        for i, n in enumerate(names):
            body = (n * 3).encode() if size is None else bytes([i % 251]) * size
            self.sdk.put(bck, n, body)

    # shared assertions

    def assert_job_id(self, text, what):
        self.assertRegex(text, r"^[A-Za-z][A-Za-z0-9_-]{8,}$", f"{what}: job id must be plain text (no JSON, no quotes)")

    def assert_snap(self, snap, where):
        """types.py JobSnap / JobStats as pydantic parses them."""
        for k in ("id", "kind", "start-time", "end-time", "abort-err"):
            self.assertIsInstance(snap.get(k, ""), str, f"{where}: {k}")
        for k in ("aborted", "is_idle"):
            self.assertIsInstance(snap.get(k, False), bool, f"{where}: {k}")
        self.assertTrue(is_int_like(snap.get("glob.id", 0)), f"{where}: glob.id must be int-like: {snap.get('glob.id')!r}")
        for k in ("bck", "src-bck", "dst-bck"):  # Optional[BucketModel]: name and provider required when present
            b = snap.get(k)
            if b is not None:
                self.assertIsInstance(b.get("name"), str, f"{where}: {k}.name")
                self.assertIsInstance(b.get("provider"), str, f"{where}: {k}.provider")
        stats = snap.get("stats")
        if stats is not None:
            for k in ("loc-objs", "loc-bytes", "out-objs", "out-bytes", "in-objs", "in-bytes"):
                self.assertTrue(is_int_like(stats.get(k, 0)), f"{where}: stats.{k}={stats.get(k)!r}")
        if snap.get("start-time"):
            self.assertRegex(snap["start-time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$",
                             f"{where}: start-time must be RFC3339 (dateutil.isoparse)")

    def assert_status(self, st, job_id, where):
        """types.py JobStatus."""
        self.assertIsInstance(st, dict, where)
        self.assertEqual(st.get("uuid"), job_id, where)
        self.assertIsInstance(st.get("err", ""), str, where)
        self.assertTrue(is_int_like(st.get("end_time", 0)), f"{where}: end_time must be an int (unix ns)")
        self.assertIsInstance(st.get("aborted", False), bool, where)

    def wait_ok(self, job_id, kind_expected):
        kind, ok, err = self.sdk.job_wait(job_id)
        self.assertEqual(kind, kind_expected, f"Job.wait resolved the kind of {job_id} via qryxstats")
        self.assertTrue(ok, f"job {job_id} ({kind}) failed: {err}")


class TestCluster(WireTest):
    def test_get_info_smap(self):
        """cluster.py Cluster.get_info: GET /v1/daemon?what=smap -> types.py Smap."""
        smap = self.sdk.get_smap()
        for k in ("tmap", "pmap", "proxy_si"):
            self.assertIn(k, smap)
        self.assertIsInstance(smap["tmap"], dict)
        self.assertIsInstance(smap["pmap"], dict)
        self.assertEqual(len(smap["tmap"]), 3)
        self.assertEqual(len(smap["pmap"]), 1)
        self.assertTrue(is_int_like(smap.get("version", 0)) and int(smap["version"]) != 0)
        self.assertIsInstance(smap.get("uuid"), str)
        self.assertNotEqual(smap["uuid"], "")
        for sid, node in list(smap["tmap"].items()) + list(smap["pmap"].items()) + [("primary", smap["proxy_si"])]:
            self.assertIsInstance(node.get("daemon_id"), str, sid)
            self.assertIn(node.get("daemon_type"), ("proxy", "target"), sid)
            net = node.get("public_net")
            self.assertIsInstance(net, dict, sid)
            self.assertTrue(net.get("direct_url", "").startswith("http://"), sid)
            self.assertIsInstance(net.get("daemon_port", ""), str, f"{sid}: NetInfo.daemon_port is a str")
            self.assertIsInstance(node.get("flags", 0), int, sid)
            self.assertIsInstance(node.get("id_digest", 0), int, f"{sid}: id_digest must be a JSON integer")
        self.assertEqual(self.client.log[-1][2]["Content-Type"], JSON_CT)

    def test_id_digest_matches_sdk_hrw(self):
        """types.py Snode.id_digest feeds Smap.get_target_for_object: must be xxh64(daemon_id, seed 1103515245)."""
        if xxhash is None:
            self.skipTest("python3-xxhash not installed")
        for sid, node in self.sdk.get_smap()["tmap"].items():
            self.assertEqual(node["id_digest"], xxhash.xxh64(sid.encode(), seed=1103515245).intdigest(), sid)

    def test_list_buckets(self):
        """cluster.py list_buckets: GET /v1/buckets?provider=ais + ActionMsg(list) -> List[BucketModel]."""
        b = self.new_bucket("lb")
        res = self.sdk.list_buckets()
        self.assertIsInstance(res, list)
        names = []
        for m in res:
            self.assertIsInstance(m.get("name"), str)
            self.assertIsInstance(m.get("provider"), str, "BucketModel.provider is required")
            ns = m.get("namespace")
            if ns is not None:
                self.assertIsInstance(ns.get("uuid", ""), str)
                self.assertIsInstance(ns.get("name", ""), str)
            names.append(m["name"])
        self.assertIn(b, names)
        sent = json.loads(self.client.log[-1][3])
        self.assertEqual(sent, {"action": "list", "name": "", "value": None})

    def test_list_buckets_remote_provider(self):
        """cluster.py list_buckets(provider="aws"): List[BucketModel] -- an empty result must be [], not null."""
        res = self.sdk.list_buckets(provider="aws")
        self.assertIsInstance(res, list)

    def test_get_performance_reverse_daemon(self):
        """cluster.py get_performance: GET /v1/reverse/daemon?what=node_status with Ais-Node-Id: <target>."""
        for tid in self.sdk.get_smap()["tmap"]:
            r = self.client.request("get", "reverse/daemon", params={"what": "node_status"},
                                    headers={"Ais-Node-Id": tid})
            self.assertIsInstance(r.json(), dict)

    def test_is_ready(self):
        """cluster.py is_ready: GET /v1/health?prr=true on proxy_si.public_net.direct_url -> resp.ok."""
        self.assertTrue(self.sdk.is_ready())
        r = self.client.request("get", "health", params={"prr": "true"})
        self.assertEqual(r.status_code, 200)


class TestBuckets(WireTest):
    def test_create_exist_ok(self):
        """bucket.py create(exist_ok): 409 text must classify as ErrBckAlreadyExists."""
        b = self.new_bucket("cr")
        with self.assertRaises(ErrBckAlreadyExists) as cm:
            self.sdk.create(b)
        self.assertEqual(cm.exception.status, 409)
        self.sdk.create(b, exist_ok=True)  # swallowed, as the SDK does
        sent = json.loads(self.client.log[-1][3])
        self.assertEqual(sent, {"action": "create-bck", "name": "", "value": None})
        self.assertIn("provider=ais", self.client.log[-1][1])

    def test_head_bucket_props(self):
        """bucket.py head: HEAD /v1/buckets/B?provider=ais -> headers with Ais-Bucket-Props JSON."""
        b = self.new_bucket("hd")
        r = self.sdk.head_bucket(b)
        self.assertEqual(r.status_code, 200)
        props = json.loads(r.header("ais-bucket-props"))
        self.assertEqual(props.get("provider"), "ais")
        self.assertIn("checksum", props)
        self.assertEqual(r.content, b"")

    def test_delete_missing_ok(self):
        """bucket.py delete(missing_ok): 404 text must classify as ErrBckNotFound."""
        b = uniq("dl")
        self.sdk.create(b)
        self.sdk.delete(b)
        with self.assertRaises(ErrBckNotFound) as cm:
            self.sdk.delete(b)
        self.assertEqual(cm.exception.status, 404)
        self.sdk.delete(b, missing_ok=True)
        sent = json.loads(self.client.log[-1][3])
        self.assertEqual(sent, {"action": "destroy-bck", "name": "", "value": None})

    def test_head_missing_bucket_is_generic_404(self):
        """response_handler.py: HEAD errors have no text, so the SDK raises a plain AISError(404)."""
        with self.assertRaises(AISError) as cm:
            self.sdk.head_bucket(uniq("nope"))
        self.assertEqual(cm.exception.status, 404)
        self.assertIs(type(cm.exception), AISError)

    def test_list_missing_bucket(self):
        """bucket.py list_objects on a missing bucket -> ErrBckNotFound (regex on the text)."""
        with self.assertRaises(ErrBckNotFound):
            self.sdk.list_objects(uniq("nope"))


class TestListObjects(WireTest):
    NAMES = [f"dir/obj-{i:03d}" for i in range(25)] + ["top"]

    def setUp(self):
        super().setUp()
        self.b = self.new_bucket("ls")
        self.fill(self.b, self.NAMES)

    def decode_page(self, resp):
        """utils.py decode_response + types.py BucketList/BucketEntry (msgspec, typed)."""
        self.assertEqual(resp.header("Content-Type"), MSGPACK_CT,
                         "decode_response uses msgpack only for Content-Type == 'application/msgpack'")
        page = msgpack.unpackb(resp.content, raw=False)
        self.assertIsInstance(page, dict)
        for k, t in (("UUID", str), ("ContinuationToken", str), ("Flags", int)):
            self.assertIn(k, page, f"BucketList.{k} is required")
            self.assertIsInstance(page[k], t, k)
        entries = page.get("Entries")
        self.assertTrue(entries is None or isinstance(entries, list))
        types = {"n": str, "cs": str, "a": str, "v": str, "t": str, "m": str, "s": int, "c": int, "f": int}
        for e in entries or []:
            self.assertIsInstance(e, dict)
            self.assertIn("n", e, "BucketEntry.n is required")
            for k, v in e.items():
                if k in types:
                    self.assertIsInstance(v, types[k], f"entry {e.get('n')}: key {k}")
                    self.assertNotIsInstance(v, bool, k)
            self.assertEqual(e.get("f", 0) & 0x1F, 0, "BucketEntry.is_ok()")
        return page

    def test_page_msgpack(self):
        """bucket.py list_objects: one page, Accept: application/msgpack."""
        resp = self.sdk.list_objects(self.b, props="name,size,checksum,atime,version", page_size=10)
        sent_method, _, sent_hdrs, sent_body = self.client.log[-1]
        self.assertEqual(sent_method, "get")
        self.assertEqual(sent_hdrs["Accept"], MSGPACK_CT)
        self.assertEqual(set(json.loads(sent_body)), {"action", "name", "value"})
        page = self.decode_page(resp)
        entries = page["Entries"]
        self.assertEqual(len(entries), 10)
        self.assertEqual([e["n"] for e in entries], sorted(self.NAMES)[:10])
        self.assertNotEqual(page["UUID"], "")
        self.assertNotEqual(page["ContinuationToken"], "", "a truncated page must carry a continuation token")
        e = entries[0]
        self.assertEqual(e.get("s"), len(e["n"]) * 3)
        self.assertNotEqual(e.get("cs", ""), "", "props=checksum -> cs")
        self.assertNotEqual(e.get("a", ""), "", "props=atime -> a")
        self.assertEqual(e.get("v"), "1", "props=version -> v")
        self.assertTrue(e.get("f", 0) & (1 << 6), "BucketEntry.is_cached(): flag 64 for in-cluster objects")

    def list_all(self, accept, page_size):
        """bucket.py list_all_objects: loop while ContinuationToken != '', re-sending uuid."""
        uuid, token, out, pages = "", "", [], 0
        while True:
            resp = self.sdk.list_objects(self.b, page_size=page_size, uuid=uuid, token=token, accept=accept)
            if accept == MSGPACK_CT:
                page = self.decode_page(resp)
                entries, next_token, next_uuid = page.get("Entries") or [], page["ContinuationToken"], page["UUID"]
                names = [e["n"] for e in entries]
            else:
                self.assertTrue(resp.header("Content-Type", "").startswith(JSON_CT))
                page = resp.json()
                for k in ("uuid", "continuation_token", "entries", "flags"):
                    self.assertIn(k, page, f"JSON LsoRes key {k}")
                entries = page["entries"] or []
                for e in entries:
                    self.assertIsInstance(e["name"], str)
                    if "size" in e:
                        self.assertIsInstance(e["size"], str, "JSON LsoEnt.size is a string (Go ,string)")
                next_token, next_uuid = page["continuation_token"], page["uuid"]
                names = [e["name"] for e in entries]
            out += names
            pages += 1
            if uuid:
                self.assertEqual(next_uuid, uuid, "uuid is constant across pages")
            self.assertLess(pages, 50)
            if next_token == "":
                break
            token, uuid = next_token, next_uuid
        return out, pages

    def test_list_all_msgpack(self):
        names, pages = self.list_all(MSGPACK_CT, 7)
        self.assertEqual(names, sorted(self.NAMES))
        self.assertEqual(pages, 4)

    def test_list_all_json(self):
        names, pages = self.list_all(None, 13)
        self.assertEqual(names, sorted(self.NAMES))
        # 26 names, page 13: the spec (native-api.md 4.3) adds an empty last page after an exactly full one;
        # the SDK only needs the loop to end, so both are fine here
        self.assertIn(pages, (2, 3))

    def test_list_prefix_default_page(self):
        page = self.decode_page(self.sdk.list_objects(self.b, prefix="dir/obj-01"))
        self.assertEqual([e["n"] for e in page["Entries"]], [f"dir/obj-{i:03d}" for i in range(10, 20)])
        self.assertEqual(page["ContinuationToken"], "")


class TestObjects(WireTest):
    def test_put_get_head_delete(self):
        """object_writer.put_content / object_client.get / Object.head / Object.delete."""
        b = self.new_bucket("ob")
        name = "a dir/obj+1 ü.bin"
        data = os.urandom(5000)
        r = self.sdk.put(b, name, data)
        self.assertEqual(r.status_code, 200)
        put_hdrs = [h for (m, _, h, _) in self.client.log if m == "put"]
        self.assertTrue(all(h["Content-Type"] == JSON_CT for h in put_hdrs), "SDK sends application/json on PUTs")
        self.assertEqual(r.header("Ais-Checksum-Type"), "xxhash2")
        self.assertEqual(r.header("Ais-Version"), "1")

        g = self.sdk.get(b, name)
        self.assertEqual(g.status_code, 200)
        self.assertEqual(g.content, data)
        # object_attributes.py: size from Content-Length, checksum, atime, version
        self.assertEqual(int(g.header("Content-Length")), len(data))
        self.assertEqual(g.header("ais-checksum-type"), "xxhash2")
        self.assertRegex(g.header("ais-checksum-value", ""), r"^[0-9a-f]{16}$")
        self.assertRegex(g.header("ais-atime", ""), r"^\d+$")
        self.assertEqual(g.header("ais-version"), "1")

        h = self.sdk.head_obj(b, name)
        self.assertEqual(h.status_code, 200)
        self.assertEqual(int(h.header("Content-Length")), len(data))
        self.assertEqual(h.header("ais-present"), "true")
        # http.client (and so requests) decodes header bytes as latin-1: compare the raw bytes
        self.assertEqual(h.header("ais-name").encode("latin-1"), name.encode("utf-8"))
        self.assertEqual(h.header("ais-bucket-name"), b)
        self.assertEqual(h.header("ais-bucket-provider"), "ais")
        self.assertRegex(h.header("ais-location", ""), r"^t\[[^\]]+\]:")
        self.assertEqual(h.header("ais-checksum-value"), g.header("ais-checksum-value"))

        self.assertEqual(self.sdk.delete_obj(b, name).status_code, 200)
        with self.assertRaises(ErrObjNotFound):
            self.sdk.get(b, name)
        with self.assertRaises(ErrObjNotFound):
            self.sdk.delete_obj(b, name)

    def test_put_with_checksum_headers(self):
        """PUT with Ais-Checksum-Type/-Value (what a client that computed the hash sends)."""
        if xxhash is None:
            self.skipTest("python3-xxhash not installed")
        b = self.new_bucket("ck")
        data = b"checksummed content"
        good = xxhash.xxh64(data, seed=0).hexdigest()
        r = self.sdk.put(b, "good", data, headers={"Ais-Checksum-Type": "xxhash2", "Ais-Checksum-Value": good})
        self.assertEqual(r.header("Ais-Checksum-Value"), good)
        with self.assertRaises(AISError) as cm:
            self.sdk.put(b, "bad", data, headers={"Ais-Checksum-Type": "xxhash2", "Ais-Checksum-Value": "0" * 16})
        self.assertEqual(cm.exception.status, 400)

    def test_range_reads(self):
        """Object.get_reader(byte_range=...): Range header, 206 + Content-Range."""
        b = self.new_bucket("rg")
        data = bytes(range(256)) * 4
        self.sdk.put(b, "r", data)
        for rng, want in (("bytes=0-99", data[0:100]), ("bytes=1000-", data[1000:]), ("bytes=-24", data[-24:])):
            g = self.sdk.get(b, "r", byte_range=rng)
            self.assertEqual(g.status_code, 206, rng)
            self.assertEqual(g.content, want, rng)
            self.assertRegex(g.header("Content-Range", ""), r"^bytes \d+-\d+/1024$", rng)
        g = self.sdk.get(b, "r", byte_range="bytes=5000-", raise_errors=False)
        self.assertEqual(g.status_code, 416)

    def test_direct_read_hrw(self):
        """Object.get_reader(direct=True): SDK computes HRW from the Smap and GETs the target directly."""
        if xxhash is None:
            self.skipTest("python3-xxhash not installed")
        b = self.new_bucket("dr")
        names = [f"d{i}" for i in range(12)]
        self.fill(b, names)
        smap = self.sdk.get_smap()
        mask = (1 << 64) - 1

        def mix(z):
            z = (z + 0x9E3779B97F4A7C15) & mask
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            z = ((z ^ (z >> 31)) + 0x9E3779B97F4A7C15) & mask
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            z = ((z ^ (z >> 31)) * 5) & mask
            return ((((z << 7) | (z >> 57)) & mask) * 9) & mask

        for n in names:
            digest = xxhash.xxh64(os.path.join(f"ais/@#/{b}/", n).encode(), seed=1103515245).intdigest()
            tsi = max(smap["tmap"].values(), key=lambda t: mix(t["id_digest"] ^ digest))
            g = self.client.request("get", self.sdk.obj_path(b, n), params={"provider": "ais"},
                                    endpoint=tsi["public_net"]["direct_url"], allow_redirects=False)
            self.assertEqual(g.status_code, 200, f"direct GET of {n} from {tsi['daemon_id']}")
            self.assertEqual(g.content, (n * 3).encode())

    def test_append_and_flush(self):
        """object_writer.py append_content: PUT ?append_type=append&append_handle=H -> Ais-Append-Handle; flush."""
        b = self.new_bucket("ap")
        handle = ""
        for chunk in (b"one-", b"two-", b"three"):
            r = self.client.request("put", self.sdk.obj_path(b, "app"), data=chunk,
                                    params={"provider": "ais", "append_type": "append", "append_handle": handle})
            handle = r.header("ais-append-handle", "")
            self.assertNotEqual(handle, "", "append must return Ais-Append-Handle")
        with self.assertRaises(ErrObjNotFound):
            self.sdk.get(b, "app")  # invisible until flush
        r = self.client.request("put", self.sdk.obj_path(b, "app"), data=b"",
                                params={"provider": "ais", "append_type": "flush", "append_handle": handle})
        self.assertEqual(r.header("ais-append-handle", ""), "")
        self.assertEqual(self.sdk.get(b, "app").content, b"one-two-three")

    def test_set_custom_props(self):
        """object_writer.py set_custom_props: PATCH {"action":"","name":"","value":{k:v}}; ObjectAttributes.custom_metadata."""
        b = self.new_bucket("cm")
        self.sdk.put(b, "o", b"x")
        r = self.client.request("patch", self.sdk.obj_path(b, "o"), params={"provider": "ais"},
                                json_body=action_msg("", value={"k1": "v1", "k2": "v2"}))
        self.assertEqual(r.status_code, 200)
        h = self.sdk.head_obj(b, "o")
        # requests joins repeated headers with ", "; the SDK splits on "," and then on "="
        md = {}
        for entry in h.header("ais-custom-md", "").split(","):
            kv = entry.strip().split("=")
            if len(kv) == 2:
                md[kv[0]] = kv[1]
        self.assertEqual(md.get("k1"), "v1")
        self.assertEqual(md.get("k2"), "v2")
        self.client.request("patch", self.sdk.obj_path(b, "o"), params={"provider": "ais", "set-new-custom": "true"},
                            json_body=action_msg("", value={"k3": "v3"}))
        h = self.sdk.head_obj(b, "o")
        self.assertNotIn("k1=", h.header("ais-custom-md", ""), "replace_existing=True replaces")
        self.assertIn("k3=v3", h.header("ais-custom-md", ""))

    def test_direct_read_missing_is_objnotfound(self):
        """object_client.py: a direct GET that raises ErrObjNotFound triggers the Smap refresh + retry."""
        b = self.new_bucket("dm")
        smap = self.sdk.get_smap()
        for tsi in smap["tmap"].values():
            with self.assertRaises(ErrObjNotFound):
                self.client.request("get", self.sdk.obj_path(b, "missing"), params={"provider": "ais"},
                                    endpoint=tsi["public_net"]["direct_url"], allow_redirects=False)

    def test_copy_object(self):
        """obj/object.py Object.copy: PUT ...?object_to=<uname>&latest-ver=false&synchronize=false, no body."""
        src = self.new_bucket("cs")
        dst = self.new_bucket("cd")
        self.sdk.put(src, "orig", b"copy me")
        r = self.sdk.copy_obj(src, "orig", dst, "copied")
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.sdk.get(dst, "copied").content, b"copy me")
        self.sdk.copy_obj(src, "orig", src, "copy-in-place")
        self.assertEqual(self.sdk.get(src, "copy-in-place").content, b"copy me")

    def test_rename_object(self):
        """Object rename as the Go api sends it: POST /v1/objects/B/O {"action":"rename-obj","name":NEW} (307)."""
        b = self.new_bucket("rn")
        self.sdk.put(b, "old", b"renamed")
        r = self.client.request("post", self.sdk.obj_path(b, "old"), params={"provider": "ais"},
                                json_body=action_msg("rename-obj", name="new"))
        self.assertEqual(r.status_code, 200)
        self.assertEqual(self.sdk.get(b, "new").content, b"renamed")
        with self.assertRaises(ErrObjNotFound):
            self.sdk.get(b, "old")


class TestErrors(WireTest):
    def test_error_text_classification(self):
        """response_handler.py parse_error: the regex must find provider://bucket[/object] in r.text."""
        b = self.new_bucket("er")
        missing_bck = uniq("missing")
        cases = [
            (lambda: self.sdk.get(b, "no-such-object"), ErrObjNotFound, 404),
            (lambda: self.sdk.get(missing_bck, "x"), ErrBckNotFound, 404),
            (lambda: self.sdk.list_objects(missing_bck), ErrBckNotFound, 404),
            (lambda: self.sdk.delete(missing_bck), ErrBckNotFound, 404),
            (lambda: self.sdk.create(b), ErrBckAlreadyExists, 409),
        ]
        for fn, cls, status in cases:
            with self.assertRaises(AISError) as cm:
                fn()
            self.assertIs(type(cm.exception), cls, str(cm.exception))
            self.assertEqual(cm.exception.status, status)
            err = json.loads(cm.exception.text)  # AIS error JSON
            self.assertEqual(err.get("status"), status)
            self.assertIsInstance(err.get("message"), str)

    def test_no_5xx_for_client_errors(self):
        """SDK retry policy retries 500/502/503/504 on GET/PUT/DELETE/HEAD: client errors must be 4xx."""
        b = self.new_bucket("e5")
        for fn in (lambda: self.sdk.get(b, "nope", raise_errors=False),
                   lambda: self.client.request("get", "cluster", params={"what": "status"},
                                               json_body=job_args("NoSuchJob123"), raise_errors=False)):
            r = fn()
            self.assertGreaterEqual(r.status_code, 400)
            self.assertLess(r.status_code, 500, r.text)


class TestJobs(WireTest):
    def test_copy_bucket_and_wait(self):
        """bucket.py copy -> job id text; job.py wait (kind via qryxstats, copy-bck polls what=status)."""
        src = self.new_bucket("cps")
        dst = uniq("cpd")
        self.buckets.append(dst)
        names = [f"o{i}" for i in range(30)]
        self.fill(src, names)
        job_id = self.sdk.copy_bucket(src, dst)
        self.assert_job_id(job_id, "Bucket.copy")
        sent = json.loads(self.client.log[-1][3])
        self.assertEqual(sent["action"], "copy-bck")
        self.assertIn("bck_to=ais%2F%40%23%2F" + dst + "%2F", self.client.log[-1][1])
        self.wait_ok(job_id, "copy-bck")
        st = self.sdk.job_status(job_id)
        self.assert_status(st, job_id, "Job.status")
        self.assertNotEqual(int(st["end_time"]), 0)
        page = msgpack.unpackb(self.sdk.list_objects(dst).content, raw=False)
        self.assertEqual(sorted(e["n"] for e in page["Entries"]), sorted(names))
        # Job.get_details: qryxstats shape
        details = self.sdk.job_details(job_id)
        self.assertIsInstance(details, dict)
        self.assertEqual(len(details), 3, "one entry per target")
        snaps = [s for ss in details.values() for s in ss]
        for s in snaps:
            self.assert_snap(s, f"copy-bck {job_id}")
            self.assertEqual(s["id"], job_id)
            self.assertEqual(s["kind"], "copy-bck")
            self.assertNotEqual(s["end-time"], ZERO_TIME, "finished -> end-time set (wait_single_node)")
        self.assertEqual(sum(int(s["stats"]["loc-objs"]) for s in snaps), len(names))

    def test_rename_bucket_and_wait(self):
        """bucket.py rename: POST move-bck with bck_to -> job id; Job.wait on move-bck."""
        src = uniq("mvs")
        dst = uniq("mvd")
        self.sdk.create(src)
        self.buckets += [src, dst]
        self.fill(src, ["x", "y", "z"])
        job_id = self.sdk.rename_bucket(src, dst)
        self.assert_job_id(job_id, "Bucket.rename")
        self.assertEqual(json.loads(self.client.log[-1][3]), {"action": "move-bck", "name": "", "value": None})
        self.wait_ok(job_id, "move-bck")
        names = [m["name"] for m in self.sdk.list_buckets()]
        self.assertIn(dst, names)
        self.assertNotIn(src, names)
        self.assertEqual(self.sdk.get(dst, "y").content, b"yyy")

    def test_object_group_delete_list_and_template(self):
        """multiobj/object_group.py delete: DELETE /v1/buckets/B {"action":"delete-listrange","value":{"objnames"|"template"}}."""
        b = self.new_bucket("gd")
        names = [f"obj-{i:04d}" for i in range(1, 21)] + ["keep"]
        self.fill(b, names)
        ids = self.sdk.group("delete", b, "delete-listrange", {"objnames": ["obj-0001", "obj-0002"]})
        for jid in ids.split(","):
            self.assert_job_id(jid, "ObjectGroup.delete")
            self.wait_ok(jid, "delete-listrange")
        ids = self.sdk.group("delete", b, "delete-listrange", {"template": "obj-{0003..0020}"})
        for jid in ids.split(","):
            self.assert_job_id(jid, "ObjectGroup.delete (template)")
            self.wait_ok(jid, "delete-listrange")
        page = msgpack.unpackb(self.sdk.list_objects(b).content, raw=False)
        self.assertEqual([e["n"] for e in page["Entries"]], ["keep"])

    def test_object_group_copy_list_and_template(self):
        """object_group.py copy: POST copy-listrange TCMultiObj; copy-listrange is an idle kind (wait via qryxstats)."""
        src = self.new_bucket("gcs")
        dst = self.new_bucket("gcd")
        names = [f"f-{i:02d}" for i in range(10)]
        self.fill(src, names)
        value = {"objnames": names[:3], "prefix": "", "prepend": "", "dry_run": False, "force": False,
                 "latest-ver": False, "synchronize": False,
                 "tobck": {"name": dst, "provider": "ais"}, "coer": False}
        ids = self.sdk.group("post", src, "copy-listrange", value)
        for jid in ids.split(","):
            self.assert_job_id(jid, "ObjectGroup.copy")
            self.wait_ok(jid, "copy-listrange")
            for s in (s for ss in self.sdk.job_details(jid).values() for s in ss):
                self.assert_snap(s, f"copy-listrange {jid}")
        value = dict(value, template="f-{03..09}", prepend="t/")
        del value["objnames"]
        ids = self.sdk.group("post", src, "copy-listrange", value)
        for jid in ids.split(","):
            self.wait_ok(jid, "copy-listrange")
        page = msgpack.unpackb(self.sdk.list_objects(dst).content, raw=False)
        want = sorted(names[:3] + ["t/" + n for n in names[3:]])
        self.assertEqual([e["n"] for e in page["Entries"]], want)

    @unittest.expectedFailure
    def test_object_group_archive(self):
        """object_group.py archive: PUT /v1/buckets/B {"action":"archive","value":ArchiveMultiObj} -> job id(s).

        Known gap (not in the brief's scope; docs/http-api.md lists archives as "Not yet"): 501.
        Remove expectedFailure once archive is served."""
        b = self.new_bucket("ar")
        self.fill(b, ["a1", "a2"])
        value = {"objnames": ["a1", "a2"], "archname": "out.tar", "isbn": False, "aate": False, "coer": False,
                 "mime": ".tar", "tobck": {"name": b, "provider": "ais"}}
        ids = self.sdk.group("put", b, "archive", value)
        for jid in ids.split(","):
            self.wait_ok(jid, "archive")
        self.assertGreater(len(self.sdk.get(b, "out.tar").content), 0)

    def test_summary(self):
        """bucket.py summary: GET summary-bck -> 202 + id text; poll with value.uuid -> 200 JSON array, [0]."""
        b = self.new_bucket("sm")
        self.fill(b, [f"s{i}" for i in range(7)], size=1000)
        job_id, res = self.sdk.summary(b)
        self.assert_job_id(job_id, "Bucket.summary")
        self.assertEqual(res.get("name"), b)
        self.assertEqual(res.get("provider"), "ais")
        self.assertEqual(int(res["ObjCount"]["obj_count_present"]), 7)
        self.assertEqual(int(res["TotalSize"]["size_all_present_objs"]), 7000)
        sent = json.loads(self.client.log[-1][3])
        self.assertEqual(sent["action"], "summary-bck")
        self.assertEqual(set(sent["value"]), {"uuid", "prefix", "cached", "present"})

    def test_info(self):
        """bucket.py info: HEAD ?presence=0&bsumm_remote=True -> 202 + Ais-Xaction-Id; HEAD &uuid= -> 200 + Ais-Bucket-Summ."""
        b = self.new_bucket("in")
        self.fill(b, ["i1", "i2", "i3"], size=10)
        props, job_id, summ = self.sdk.info(b)
        self.assert_job_id(job_id, "Bucket.info")
        self.assertEqual(json.loads(props).get("provider"), "ais")
        self.assertEqual(int(summ["ObjCount"]["obj_count_present"]), 3)
        heads = [u for (m, u, _, _) in self.client.log if m == "head"]
        self.assertIn("bsumm_remote=True", heads[0], "requests sends str(True)")
        self.assertIn("presence=0", heads[0])
        self.assertIn("uuid=" + job_id, heads[-1])

    def test_info_prefix(self):
        """bucket.py info(prefix=P): first HEAD goes to buckets/B/P, the polls to buckets/B (with uuid)."""
        b = self.new_bucket("ip")
        self.fill(b, ["p/1", "p/2", "q/1"], size=5)
        _, _, summ = self.sdk.info(b, prefix="p/")
        self.assertEqual(int(summ["ObjCount"]["obj_count_present"]), 2)

    def test_promote(self):
        """obj/object.py promote: POST /v1/objects/B {"action":"promote","name":PATH,"value":PromoteAPIArgs} -> id or ''."""
        b = self.new_bucket("pm")
        src = tempfile.mkdtemp(prefix="ais-sdk-promote-")
        self.addCleanup(shutil.rmtree, src, True)
        os.makedirs(os.path.join(src, "sub"))
        for n in ("f1", "f2", "sub/f3"):
            with open(os.path.join(src, n), "w", encoding="utf-8") as f:
                f.write(n)
        value = {"tid": "", "src": src, "obj": "pr/", "rcr": True, "ovw": False, "dls": False, "notshr": False}
        r = self.client.request("post", f"objects/{b}", params={"provider": "ais"},
                                json_body=action_msg("promote", name=src, value=value))
        if r.text:
            for jid in r.text.split(","):
                self.assert_job_id(jid, "Object.promote")
                self.wait_ok(jid, "promote")
        page = msgpack.unpackb(self.sdk.list_objects(b).content, raw=False)
        self.assertEqual([e["n"] for e in page["Entries"]], ["pr/f1", "pr/f2", "pr/sub/f3"])
        self.assertEqual(self.sdk.get(b, "pr/sub/f3").content, b"sub/f3")

    def test_list_jobs(self):
        """cluster.py list_jobs_status (status_all) / list_running_jobs (running_all)."""
        src = self.new_bucket("lj")
        self.fill(src, ["a"])
        job_id = self.sdk.copy_bucket(src, src + "-dst")
        self.buckets.append(src + "-dst")
        running = self.sdk.list_running_jobs()
        self.assertIsInstance(running, list)
        for r in running:
            self.assertRegex(r, r"^[a-z-]+\[[^\]]+\]$")
        self.wait_ok(job_id, "copy-bck")
        all_st = self.sdk.list_jobs_status()
        self.assertIsInstance(all_st, list)
        mine = [s for s in all_st if s.get("uuid") == job_id]
        self.assertEqual(len(mine), 1, "finished jobs stay listed by status_all")
        self.assert_status(mine[0], job_id, "list_jobs_status")
        by_kind = self.sdk.list_jobs_status(kind="copy-bck")
        self.assertTrue(all(s.get("kind", "copy-bck") == "copy-bck" for s in by_kind))
        self.assertNotIn(f"copy-bck[{job_id}]", self.sdk.list_running_jobs())
        # list_running_jobs deserializes List[str]: no running job of a kind must be [], not null
        self.assertEqual(self.sdk.list_running_jobs(kind="move-bck", target=""), [])

    def test_unknown_job(self):
        """job.py status/get_details on an unknown id -> 404 (AISError; no bucket in the text)."""
        for what in ("status", "qryxstats"):
            with self.assertRaises(AISError) as cm:
                self.client.request("get", "cluster", params={"what": what}, json_body=job_args("NoSuchJob12345"))
            self.assertEqual(cm.exception.status, 404, what)

    def test_job_start_summary(self):
        """job.py start: PUT /v1/cluster {"action":"start","value":JobArgs} -> id text; then Job.wait."""
        b = self.new_bucket("js")
        self.fill(b, ["q"])
        value = job_args(kind="summary")
        value["Bck"] = {"name": b, "provider": "ais"}
        r = self.client.request("put", "cluster", json_body=action_msg("start", value=value))
        self.assert_job_id(r.text, "Job.start")
        kind, ok, err = self.sdk.job_wait(r.text)
        self.assertEqual(kind, "summary-bck")
        self.assertTrue(ok, err)


def main():
    global BIN  # pylint: disable=global-statement
    ap = argparse.ArgumentParser(add_help=False)
    ap.add_argument("--bin", default=None)
    args, rest = ap.parse_known_args()
    if args.bin:
        BIN = os.path.abspath(args.bin)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
