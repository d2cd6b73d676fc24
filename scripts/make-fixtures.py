#!/usr/bin/env python3
"""Generate the rollscope test fixtures in Tests/Fixtures.

Standard library only and deterministic: running it twice writes identical bytes.

Every scenario is a small simulation of a Deployment rollout on a Kubernetes 1.35 cluster
(API server, scheduler, kubelet, EndpointSlice controller, deployment and replicaset
controllers). Each simulated write gets the next etcd revision, and the files are rendered
from the same history the way the real tools print them:

  * kubectl -o json / -w -o json: unstructured objects, keys sorted, 4-space indent,
    Go's HTML escaping, managedFields omitted;
  * kubectl -w -o json --output-watch-events: one compact line per event, "type" before
    "object", object keys sorted, managedFields kept (that is what cli-runtime does);
  * kubectl -o yaml: sigs.k8s.io/yaml (go-yaml v2): sorted keys, indentless sequences,
    double quotes for strings that would resolve to another type, single quotes when a
    plain scalar is not allowed, long scalars folded at column 80;
  * kubectl get --raw: compact JSON in Go struct field order, with managedFields.

The ground truth in Fixtures/expected/ comes from the simulation parameters, and `check()`
re-derives it from the rendered files with an independent reader before anything is written.

Usage: python3 scripts/make-fixtures.py
"""

import copy
import datetime as dt
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIX = ROOT / "Tests" / "Fixtures"

NS = "shop"
OLD_HASH = "7d4b9c8f6d"
NEW_HASH = "5f8d7c9b4a"
# Characters k8s.io/apimachinery/pkg/util/rand uses for generated name suffixes.
SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"

NODES = {
    "worker-1": "172.18.0.3",
    "worker-2": "172.18.0.4",
    "worker-3": "172.18.0.5",
}
SCHEDULER_INSTANCE = "default-scheduler-control-plane"

NGINX = {OLD_HASH: "nginxinc/nginx-unprivileged:1.27.2-alpine",
         NEW_HASH: "nginxinc/nginx-unprivileged:1.27.3-alpine"}
MIGRATE = {OLD_HASH: "ghcr.io/acme-shop/web-migrate:2026.10.4",
           NEW_HASH: "ghcr.io/acme-shop/web-migrate:2026.11.2"}
SIDECAR_IMAGE = "cr.fluentbit.io/fluent/fluent-bit:3.2.2"
USERS = {"nginx": (101, 101), "migrate": (65532, 65532), "log-shipper": (0, 0)}


# ----------------------------------------------------------------------------- helpers

def T(s):
    return dt.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)


def Z(t):
    return None if t is None else t.strftime("%Y-%m-%dT%H:%M:%SZ")


def S(t, seconds):
    return t + dt.timedelta(seconds=seconds)


def h(*parts):
    return hashlib.sha256("\x00".join(str(p) for p in parts).encode()).hexdigest()


def uid(*parts):
    x = h("uid", *parts)
    return f"{x[0:8]}-{x[8:12]}-4{x[13:16]}-{'89ab'[int(x[16], 16) % 4]}{x[17:20]}-{x[20:32]}"


def rnd(n, *parts):
    """Deterministic integer in [0, n)."""
    return int(h("rnd", *parts)[:12], 16) % n


def event_name(obj_name, unix_nanos):
    # record.EventRecorder and events.EventRecorder: "<object>.<UnixNano in hex>"
    return f"{obj_name}.{unix_nanos:x}"


def secs(a, b):
    return int((b - a).total_seconds())


def go_escape(text):
    # encoding/json escapes <, >, & and the two JS line separators by default.
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def kjson(obj):
    """What kubectl -o json prints for one object (no trailing newline)."""
    return go_escape(json.dumps(obj, indent=4, sort_keys=True, ensure_ascii=False))


def kwatch_event(typ, obj):
    """What kubectl get -w -o json --output-watch-events prints for one event.

    cli-runtime's JSONPrinter handles *metav1.WatchEvent with json.Marshal (compact, one line,
    struct order: "type" then "object"); the object is unstructured, so its keys are sorted.
    OmitManagedFieldsPrinter cannot reach into a WatchEvent, so managedFields stay.
    """
    inner = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return go_escape('{"type":' + json.dumps(typ) + ',"object":' + inner + "}")


def rawjson(obj):
    """What the API server sends: compact, struct field order."""
    return go_escape(json.dumps(obj, separators=(",", ":"), ensure_ascii=False))


def strip_managed(obj):
    o = copy.deepcopy(obj)
    o.get("metadata", {}).pop("managedFields", None)
    return o


def sort_fields(d):
    return {k: sort_fields(d[k]) for k in sorted(d)} if isinstance(d, dict) else d


# ----------------------------------------------------------------------------- YAML (go-yaml v2)

_INT_RE = re.compile(r"^[-+]?(0|[1-9][0-9]*|0[0-7]+|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+)$")
_FLOAT_RE = re.compile(r"^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$")
_TS_RE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]*)?(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?$")
_B60_RE = re.compile(r"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$")
_YAML_SPECIAL = {"", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No",
                 "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off",
                 "Off", "OFF", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf",
                 "-.INF", ".nan", ".NaN", ".NAN", "<<"}


def _resolves_to_non_string(s):
    if s in _YAML_SPECIAL:
        return True
    if s[0] in "0123456789+-.":
        plain = s.replace("_", "")
        if _INT_RE.match(plain) or _FLOAT_RE.match(plain) or _TS_RE.match(s) or _B60_RE.match(s):
            return True
    return False


def _plain_allowed(s):
    if s[0] in " \t" or s[-1] in " \t":
        return False
    if s.startswith("---") or s.startswith("..."):
        return False
    first = s[0]
    nxt = s[1] if len(s) > 1 else " "
    if first in "#,[]{}&*!|>'\"%@`":
        return False
    if first in "?:-" and nxt in " \t":
        return False
    for i, c in enumerate(s):
        if c == ":" and (i + 1 == len(s) or s[i + 1] in " \t"):
            return False
        if c == "#" and i > 0 and s[i - 1] in " \t":
            return False
        if c == "\n" or ord(c) < 0x20:
            return False
    return True


def _natural_less(a, b):
    """go-yaml v2 keyList.Less for two strings."""
    ar, br = a, b
    for i in range(min(len(ar), len(br))):
        if ar[i] == br[i]:
            continue
        al, bl = ar[i].isalpha(), br[i].isalpha()
        if al and bl:
            return ar[i] < br[i]
        if al or bl:
            return bl
        an = bn = 0
        if ar[i] == "0" or br[i] == "0":
            j = i - 1
            while j >= 0 and ar[j].isdigit():
                if ar[j] != "0":
                    an = bn = 1
                    break
                j -= 1
        ai = i
        while ai < len(ar) and ar[ai].isdigit():
            an = an * 10 + int(ar[ai])
            ai += 1
        bi = i
        while bi < len(br) and br[bi].isdigit():
            bn = bn * 10 + int(br[bi])
            bi += 1
        if an != bn:
            return an < bn
        if ai != bi:
            return ai < bi
        return ar[i] < br[i]
    return len(ar) < len(br)


def _yaml_keys(d):
    import functools
    return sorted(d, key=functools.cmp_to_key(
        lambda a, b: -1 if _natural_less(a, b) else (1 if _natural_less(b, a) else 0)))


class _YamlWriter:
    WIDTH = 80

    def __init__(self):
        self.out = []
        self.col = 0

    def w(self, s):
        self.out.append(s)
        self.col += len(s)

    def nl(self, indent):
        self.out.append("\n" + " " * indent)
        self.col = indent

    def scalar(self, v, indent, key=False):
        """Writes a scalar; `indent` is the column of continuation lines."""
        if v is None:
            return self.w("null")
        if v is True:
            return self.w("true")
        if v is False:
            return self.w("false")
        if isinstance(v, int):
            return self.w(str(v))
        if isinstance(v, float):
            raise ValueError("floats are not used in these fixtures")
        s = v
        if "\n" in s:
            raise ValueError("literal blocks are not used in these fixtures")
        if s == "" or _resolves_to_non_string(s):
            if len(s) + self.col > self.WIDTH:
                raise ValueError("long double-quoted scalar: " + s)
            return self.w('"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"')
        plain = _plain_allowed(s)
        if key:
            if not plain:
                raise ValueError("quoted key: " + s)
            return self.w(s)
        if plain:
            self._folded(s, indent, quote=None)
        else:
            self._folded(s.replace("'", "''"), indent, quote="'")

    def _folded(self, s, indent, quote):
        # libyaml yaml_emitter_write_plain / write_single_quoted: break at a single space
        # once the column is past best_width (80), unless the next character is a space.
        if quote:
            self.w(quote)
        spaces = False
        for i, c in enumerate(s):
            if c == " ":
                nxt = s[i + 1] if i + 1 < len(s) else ""
                edge_ok = True if quote is None else (i != 0 and i != len(s) - 1)
                if not spaces and self.col > self.WIDTH and nxt != " " and edge_ok:
                    self.nl(indent)
                else:
                    self.w(c)
                spaces = True
            else:
                self.w(c)
                spaces = False
        if quote:
            self.w(quote)

    def node_after_key(self, v, indent):
        """Writes ':' and the value of a mapping entry whose key is at column `indent`."""
        if isinstance(v, dict) and v:
            self.w(":")
            self.mapping(v, indent + 2, inline_first=False)
        elif isinstance(v, list) and v:
            self.w(":")
            self.sequence(v, indent, inline_first=False)
        else:
            self.w(": ")
            if isinstance(v, dict):
                self.w("{}")
            elif isinstance(v, list):
                self.w("[]")
            else:
                self.scalar(v, indent + 2)

    def mapping(self, d, indent, inline_first, top=False):
        for i, k in enumerate(_yaml_keys(d)):
            if not (i == 0 and (inline_first or top)):
                self.nl(indent)
            self.scalar(k, indent, key=True)
            self.node_after_key(d[k], indent)

    def sequence(self, items, indent, inline_first):
        for i, v in enumerate(items):
            if not (i == 0 and inline_first):
                self.nl(indent)
            self.w("- ")
            if isinstance(v, dict) and v:
                self.mapping(v, indent + 2, inline_first=True)
            elif isinstance(v, list) and v:
                self.sequence(v, indent + 2, inline_first=True)
            elif isinstance(v, dict):
                self.w("{}")
            elif isinstance(v, list):
                self.w("[]")
            else:
                self.scalar(v, indent + 2)


def kyaml(obj):
    """What kubectl -o yaml prints for one object."""
    y = _YamlWriter()
    y.mapping(obj, 0, inline_first=False, top=True)
    return "".join(y.out) + "\n"


# ----------------------------------------------------------------------------- shared objects

DEPLOY_UID = uid("deployment", "web")
RS_UID = {OLD_HASH: uid("rs", OLD_HASH), NEW_HASH: uid("rs", NEW_HASH)}
SERVICE_UID = uid("service", "web")
EPS_NAME = "web-8xk2p"
EPS_UID = uid("eps", EPS_NAME)


def image_status(spec_image):
    return spec_image if spec_image.split("/")[0].count(".") else "docker.io/" + spec_image


def image_id(spec_image):
    full = image_status(spec_image)
    return full.rsplit(":", 1)[0] + "@sha256:" + h("digest", full)


class Variant:
    def __init__(self, prestop=("/bin/sh", "-c", "sleep 5"), grace=30, sidecar=False):
        self.prestop = list(prestop) if prestop else None
        self.grace = grace
        self.sidecar = sidecar


class Container:
    def __init__(self, name, kind, spec_image):
        self.name = name
        self.kind = kind            # "init", "sidecar" or "main"
        self.spec_image = spec_image
        self.state = ("waiting", "PodInitializing", None)
        self.last = None
        self.ready = False
        self.started = False
        self.restarts = 0
        self.cid = None
        self.created = False         # a runtime container has existed (image resolved, user known)

    def status(self, pod):
        st = {"name": self.name}
        st["state"] = _state(self.state)
        st["lastState"] = _state(self.last) if self.last else {}
        st["ready"] = self.ready
        st["restartCount"] = self.restarts
        st["image"] = image_status(self.spec_image) if self.created else self.spec_image
        st["imageID"] = image_id(self.spec_image) if self.created else ""
        if self.cid:
            st["containerID"] = self.cid
        st["started"] = self.started
        if self.kind != "init":
            st["resources"] = {}
        st["volumeMounts"] = [{"name": pod.token, "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount",
                               "readOnly": True, "recursiveReadOnly": "Disabled"}]
        if self.created:
            u, g = USERS[self.name]
            st["user"] = {"linux": {"uid": u, "gid": g, "supplementalGroups": [g]}}
        return st


def _state(s):
    kind = s[0]
    if kind == "waiting":
        w = {"reason": s[1]}
        if s[2]:
            w["message"] = s[2]
        return {"waiting": w}
    if kind == "running":
        return {"running": {"startedAt": Z(s[1])}}
    _, code, reason, started, finished, cid = s
    return {"terminated": {"exitCode": code, "reason": reason, "startedAt": Z(started),
                           "finishedAt": Z(finished), "containerID": cid}}


class Pod:
    def __init__(self, sim, suffix, hsh, node, ip, variant):
        if suffix not in ("aaaaa", "bbbbb"):
            assert all(c in SUFFIX_ALPHABET for c in suffix), suffix
        self.sim = sim
        self.name = f"web-{hsh}-{suffix}"
        self.hash = hsh
        self.rs = f"web-{hsh}"
        self.uid = uid("pod", sim.name, self.name)
        self.node = node
        self.ip = ip
        self.variant = variant
        self.token = "kube-api-access-" + "".join(
            SUFFIX_ALPHABET[rnd(len(SUFFIX_ALPHABET), self.uid, i)] for i in range(5))
        self.rv = None
        self.generation = 1
        self.created = None
        self.deletion_ts = None
        self.deletion_grace = None
        self.scheduled = False
        self.kubelet = False
        self.kubelet_time = None
        self.ip_assigned = False
        self.start_time = None
        self.phase = "Pending"
        self.observed_generation = 1
        self.conds = {}              # type -> dict(status, ltt, reason, message, og)
        self.containers = []
        if variant.sidecar:
            self.containers.append(Container("log-shipper", "sidecar", SIDECAR_IMAGE))
        self.containers.append(Container("migrate", "init", MIGRATE[hsh]))
        self.containers.append(Container("nginx", "main", NGINX[hsh]))
        self.gone = False
        # ground truth, filled by the timeline functions
        self.truth = {"killingAt": None, "requestedAt": None, "finishedAt": None, "exitCode": None,
                      "initializedAt": None, "readyAt": None, "scheduledAt": None, "init": {}}

    def c(self, name):
        return next(x for x in self.containers if x.name == name)

    def set_cond(self, typ, status, t, reason=None, message=None, og=None):
        old = self.conds.get(typ)
        ltt = t if (old is None or old["status"] != status) else old["ltt"]
        self.conds[typ] = {"status": status, "ltt": ltt, "reason": reason, "message": message,
                           "og": og if og is not None else self.generation}

    # -- rendering ---------------------------------------------------------------------

    def obj(self):
        md = {"name": self.name, "generateName": f"{self.rs}-", "namespace": NS, "uid": self.uid,
              "resourceVersion": self.rv, "generation": self.generation,
              "creationTimestamp": Z(self.created)}
        if self.deletion_ts:
            md["deletionTimestamp"] = Z(self.deletion_ts)
            md["deletionGracePeriodSeconds"] = self.deletion_grace
        md["labels"] = {"app": "web", "pod-template-hash": self.hash}
        md["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": self.rs,
                                  "uid": RS_UID[self.hash], "controller": True,
                                  "blockOwnerDeletion": True}]
        md["managedFields"] = self.managed_fields()
        return {"kind": "Pod", "apiVersion": "v1", "metadata": md, "spec": self.spec(),
                "status": self.status()}

    def spec(self):
        v = self.variant
        spec = {"volumes": [{"name": self.token, "projected": {"sources": [
            {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
            {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
            {"downwardAPI": {"items": [{"path": "namespace", "fieldRef": {
                "apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}], "defaultMode": 420}}]}
        mounts = [{"name": self.token, "readOnly": True,
                   "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount"}]
        spec["initContainers"] = [container_spec(c, v, mounts) for c in self.containers if c.kind != "main"]
        spec["containers"] = [container_spec(c, v, mounts) for c in self.containers if c.kind == "main"]
        spec["restartPolicy"] = "Always"
        spec["terminationGracePeriodSeconds"] = v.grace
        spec["dnsPolicy"] = "ClusterFirst"
        spec["serviceAccountName"] = "default"
        spec["serviceAccount"] = "default"
        if self.scheduled:
            spec["nodeName"] = self.node
        spec["securityContext"] = {}
        spec["schedulerName"] = "default-scheduler"
        spec["tolerations"] = [
            {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300},
            {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
             "tolerationSeconds": 300}]
        spec["priority"] = 0
        spec["enableServiceLinks"] = True
        spec["preemptionPolicy"] = "PreemptLowerPriority"
        return spec

    def status(self):
        st = {}
        if self.kubelet:
            st["observedGeneration"] = self.observed_generation
        st["phase"] = self.phase
        order = (["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"]
                 if self.kubelet else ["PodScheduled"])
        conds = []
        for typ in order:
            c = self.conds.get(typ)
            if not c:
                continue
            d = {"type": typ, "observedGeneration": c["og"], "status": c["status"],
                 "lastProbeTime": None, "lastTransitionTime": Z(c["ltt"])}
            if c["reason"]:
                d["reason"] = c["reason"]
            if c["message"]:
                d["message"] = c["message"]
            conds.append(d)
        if conds:
            st["conditions"] = conds
        if self.kubelet:
            st["hostIP"] = NODES[self.node]
            st["hostIPs"] = [{"ip": NODES[self.node]}]
        if self.ip_assigned:
            st["podIP"] = self.ip
            st["podIPs"] = [{"ip": self.ip}]
        if self.start_time:
            st["startTime"] = Z(self.start_time)
        if self.kubelet:
            st["initContainerStatuses"] = [c.status(self) for c in self.containers if c.kind != "main"]
            st["containerStatuses"] = [c.status(self) for c in self.containers if c.kind == "main"]
        st["qosClass"] = "BestEffort"
        if self.kubelet:
            st["resources"] = {}
        return st

    def managed_fields(self):
        v = self.variant
        rsref = 'k:{"uid":"%s"}' % RS_UID[self.hash]
        cspec = {}
        for c in self.containers:
            f = {".": {}, "f:image": {}, "f:imagePullPolicy": {}, "f:name": {}, "f:resources": {},
                 "f:terminationMessagePath": {}, "f:terminationMessagePolicy": {}}
            if c.name == "migrate":
                f["f:command"] = {}
                f["f:env"] = {".": {}, 'k:{"name":"DATABASE_URL"}': {
                    ".": {}, "f:name": {}, "f:valueFrom": {".": {}, "f:secretKeyRef": {}}}}
            if c.name == "log-shipper":
                f["f:args"] = {}
                f["f:restartPolicy"] = {}
            if c.name == "nginx":
                f["f:ports"] = {".": {}, 'k:{"containerPort":8080,"protocol":"TCP"}': {
                    ".": {}, "f:containerPort": {}, "f:name": {}, "f:protocol": {}}}
                f["f:readinessProbe"] = {".": {}, "f:failureThreshold": {}, "f:httpGet": {
                    ".": {}, "f:path": {}, "f:port": {}, "f:scheme": {}}, "f:initialDelaySeconds": {},
                    "f:periodSeconds": {}, "f:successThreshold": {}, "f:timeoutSeconds": {}}
                if v.prestop:
                    f["f:lifecycle"] = {".": {}, "f:preStop": {".": {}, "f:exec": {".": {}, "f:command": {}}}}
            key = 'k:{"name":"%s"}' % c.name
            group = "f:containers" if c.kind == "main" else "f:initContainers"
            cspec.setdefault(group, {})[key] = f
        spec = dict(cspec)
        spec.update({"f:dnsPolicy": {}, "f:enableServiceLinks": {}, "f:restartPolicy": {},
                     "f:schedulerName": {}, "f:securityContext": {}, "f:terminationGracePeriodSeconds": {}})
        mf = [{"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
               "time": Z(self.created), "fieldsType": "FieldsV1", "fieldsV1": sort_fields({
                   "f:metadata": {"f:generateName": {}, "f:labels": {".": {}, "f:app": {}, "f:pod-template-hash": {}},
                                  "f:ownerReferences": {".": {}, rsref: {}}},
                   "f:spec": spec})}]
        if self.kubelet:
            status = {"f:conditions": {}, "f:containerStatuses": {}, "f:hostIP": {},
                      "f:hostIPs": {}, "f:initContainerStatuses": {}, "f:observedGeneration": {},
                      "f:phase": {}, "f:startTime": {}}
            for typ in ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"]:
                c = self.conds.get(typ)
                if c:
                    f = {".": {}, "f:lastProbeTime": {}, "f:lastTransitionTime": {},
                         "f:observedGeneration": {}, "f:status": {}, "f:type": {}}
                    if c["reason"]:
                        f["f:reason"] = {}
                    if c["message"]:
                        f["f:message"] = {}
                    status["f:conditions"]['k:{"type":"%s"}' % typ] = f
            if self.ip_assigned:
                status["f:podIP"] = {}
                status["f:podIPs"] = {".": {}, 'k:{"ip":"%s"}' % self.ip: {".": {}, "f:ip": {}}}
            mf.append({"manager": "kubelet", "operation": "Update", "apiVersion": "v1",
                       "time": Z(self.kubelet_time), "fieldsType": "FieldsV1",
                       "fieldsV1": sort_fields({"f:status": status}), "subresource": "status"})
        return mf


def container_spec(c, v, mounts):
    if c.name == "migrate":
        return {"name": "migrate", "image": c.spec_image, "command": ["/app/migrate", "up"],
                "env": [{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"name": "web-db", "key": "url"}}}],
                "resources": {}, "volumeMounts": copy.deepcopy(mounts),
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                "imagePullPolicy": "IfNotPresent"}
    if c.name == "log-shipper":
        return {"name": "log-shipper", "image": c.spec_image,
                "args": ["--config=/fluent-bit/etc/fluent-bit.yaml"], "resources": {},
                "restartPolicy": "Always", "volumeMounts": copy.deepcopy(mounts),
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
                "imagePullPolicy": "IfNotPresent"}
    d = {"name": "nginx", "image": c.spec_image,
         "ports": [{"name": "http", "containerPort": 8080, "protocol": "TCP"}],
         "resources": {}, "volumeMounts": copy.deepcopy(mounts),
         "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                            "initialDelaySeconds": 2, "timeoutSeconds": 1, "periodSeconds": 5,
                            "successThreshold": 1, "failureThreshold": 3}}
    if v.prestop:
        d["lifecycle"] = {"preStop": {"exec": {"command": list(v.prestop)}}}
    d.update({"terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File",
              "imagePullPolicy": "IfNotPresent"})
    return d


# ----------------------------------------------------------------------------- simulation

class Sim:
    def __init__(self, name, rv_start):
        self.name = name
        self.rv = rv_start
        self.ops = []
        self.seq = 0
        self.now = None
        self.pods = {}
        self.history = []            # (time, "ADDED"|"MODIFIED"|"DELETED", pod name, canonical obj)
        self.events = {}             # key -> event record
        self.event_order = []
        self.eps = None
        self.eps_history = []        # (time, type, canonical obj)
        self.rs_rv = {OLD_HASH: None, NEW_HASH: None}
        self.deploy_rv = None
        self.per_second = {}

    def next_rv(self):
        self.rv += 1 + rnd(6, self.name, self.rv)
        return str(self.rv)

    def at(self, t, prio, fn):
        self.seq += 1
        self.ops.append((t, prio, self.seq, fn))

    def run(self):
        for t, _, _, fn in sorted(self.ops, key=lambda o: (o[0], o[1], o[2])):
            self.now = t
            fn()
        self.ops = []

    # -- writes ------------------------------------------------------------------------

    def write_pod(self, p, typ="MODIFIED"):
        p.rv = self.next_rv()
        self.history.append((self.now, typ, p.name, p.obj()))

    def touch_rs(self, hsh):
        self.rs_rv[hsh] = self.next_rv()

    def touch_deploy(self):
        self.deploy_rv = self.next_rv()

    def event(self, key, involved, reason, message, etype="Normal", source=None, scheduler=False):
        """Records (or bumps the count of) a core/v1 event at the current time."""
        rv = self.next_rv()
        ev = self.events.get(key)
        if ev:
            ev["count"] += 1
            ev["last"] = self.now
            ev["rv"] = rv
            return ev
        # sub-second part grows with the order of events within the second, as real clocks do
        k = self.per_second.get(self.now, 0)
        self.per_second[self.now] = k + 1
        nanos = int(self.now.timestamp()) * 1_000_000_000 + 40_000_000 + k * 55_000_000 + rnd(50_000_000, self.name, key)
        ev = {"name": event_name(involved["name"], nanos), "uid": uid("event", self.name, key),
              "created": self.now, "rv": rv, "involved": involved, "reason": reason, "message": message,
              "type": etype, "source": source or {}, "first": self.now, "last": self.now, "count": 1,
              "scheduler": scheduler,
              "eventTime": (self.now.strftime("%Y-%m-%dT%H:%M:%S.") + f"{(nanos % 1_000_000_000) // 1000:06d}Z")
              if scheduler else None}
        self.events[key] = ev
        self.event_order.append(key)
        return ev

    def pod_ref(self, p, rv=None, field=None):
        d = {"kind": "Pod", "namespace": NS, "name": p.name, "uid": p.uid, "apiVersion": "v1",
             "resourceVersion": rv or p.rv}
        if field:
            d["fieldPath"] = field
        return d

    def kubelet_event(self, p, key, container, reason, message, etype="Normal", rv=None):
        field = (f"spec.containers{{{container.name}}}" if container.kind == "main"
                 else f"spec.initContainers{{{container.name}}}")
        return self.event((p.name, key), self.pod_ref(p, rv or p.kubelet_rv, field), reason, message, etype,
                          source={"component": "kubelet", "host": p.node})

    def rs_event(self, hsh, reason, message, key):
        ref = {"kind": "ReplicaSet", "namespace": NS, "name": f"web-{hsh}", "uid": RS_UID[hsh],
               "apiVersion": "apps/v1", "resourceVersion": self.rs_rv[hsh]}
        self.event(("rs", hsh, reason, key), ref, reason, message, source={"component": "replicaset-controller"})

    def deploy_event(self, message, key):
        ref = {"kind": "Deployment", "namespace": NS, "name": "web", "uid": DEPLOY_UID,
               "apiVersion": "apps/v1", "resourceVersion": self.deploy_rv}
        self.event(("deploy", key), ref, "ScalingReplicaSet", message, source={"component": "deployment-controller"})

    # -- queries -----------------------------------------------------------------------

    def snapshot(self, t):
        """Latest object of every pod that exists at time t (ops at t included)."""
        latest = {}
        for when, typ, name, obj in self.history:
            if when > t:
                break
            if typ == "DELETED":
                latest.pop(name, None)
            else:
                latest[name] = obj
        return [latest[k] for k in sorted(latest)]

    def list_rv_at(self, t):
        rvs = [int(o["metadata"]["resourceVersion"]) for when, _, _, o in self.history if when <= t]
        return str(max(rvs) + 3)


# -- pod lifecycles ----------------------------------------------------------------------

def start_pod(sim, p, tc, migrate_secs, pulled=True, ready_delay=3, crash_runs=None, rs_event=True,
              eps=None):
    """Schedules creation through readiness. Returns the Ready time (or None)."""
    migrate = p.c("migrate")
    nginx = p.c("nginx")
    sidecar = p.c("log-shipper") if p.variant.sidecar else None

    def create():
        p.created = tc
        sim.pods[p.name] = p
        sim.write_pod(p, "ADDED")
        p.created_rv = p.rv
        if rs_event:
            sim.touch_rs(p.hash)
            sim.rs_event(p.hash, "SuccessfulCreate", f"Created pod: {p.name}", p.name)

    def schedule():
        p.scheduled = True
        p.set_cond("PodScheduled", "True", tc, og=1)
        p.truth["scheduledAt"] = tc
        pre_rv = p.rv
        sim.write_pod(p)
        p.kubelet_rv = p.rv
        sim.event((p.name, "Scheduled"), sim.pod_ref(p, pre_rv), "Scheduled",
                  f"Successfully assigned {NS}/{p.name} to {p.node}", scheduler=True)

    def kubelet_first():
        p.kubelet = True
        p.kubelet_time = sim.now
        p.start_time = sim.now
        p.set_cond("PodReadyToStartContainers", "False", sim.now)
        inits = [c.name for c in p.containers if c.kind != "main"]
        p.set_cond("Initialized", "False", sim.now, "ContainersNotInitialized",
                   f"containers with incomplete status: [{' '.join(inits)}]")
        p.set_cond("Ready", "False", sim.now, "ContainersNotReady", "containers with unready status: [nginx]")
        p.set_cond("ContainersReady", "False", sim.now, "ContainersNotReady", "containers with unready status: [nginx]")
        sim.write_pod(p)

    sim.at(tc, 17, create)
    sim.at(tc, 18, schedule)
    sim.at(tc, 19, kubelet_first)

    t = S(tc, 1)
    first_init = sidecar or migrate

    def pull_events(c, when, present=False):
        img = c.spec_image
        if present or not pulled:
            sim.at(when, 30, lambda: sim.kubelet_event(
                p, ("Pulled-present", c.name), c, "Pulled",
                f'Container image "{img}" already present on machine and can be accessed by the pod'))
        else:
            ms = 700 + rnd(1400, p.name, c.name)
            dur = f"{ms}ms" if ms < 1000 else f"{ms / 1000:.3f}".rstrip("0").rstrip(".") + "s"
            wait = ms + rnd(40, p.name, c.name, "w")
            wdur = f"{wait}ms" if wait < 1000 else f"{wait / 1000:.3f}".rstrip("0").rstrip(".") + "s"
            size = 8_000_000 + rnd(40_000_000, img)
            sim.at(S(when, -1), 30, lambda: sim.kubelet_event(p, ("Pulling", c.name), c, "Pulling", f'Pulling image "{img}"'))
            sim.at(when, 30, lambda: sim.kubelet_event(
                p, ("Pulled", c.name), c, "Pulled",
                f'Successfully pulled image "{img}" in {dur} ({wdur} including waiting). Image size: {size} bytes.'))

    def run_container(c, when, attempt=0):
        def go():
            c.created = True
            c.cid = "containerd://" + h("cid", p.uid, c.name, attempt)
            c.state = ("running", when)
            c.restarts = attempt
            c.started = True
            if c.kind == "sidecar":
                c.ready = True
            if c is first_init and not p.ip_assigned:
                p.ip_assigned = True
                p.set_cond("PodReadyToStartContainers", "True", when)
            p.kubelet_time = when
            sim.write_pod(p)
            if eps and c is first_init:
                eps.pod_ip(p)
        sim.at(when, 31, lambda: sim.kubelet_event(p, ("Created", c.name), c, "Created", "Container created"))
        sim.at(when, 32, go)
        sim.at(when, 33, lambda: sim.kubelet_event(p, ("Started", c.name), c, "Started", "Container started"))

    t_sandbox = S(tc, 2)
    if sidecar:
        pull_events(sidecar, t_sandbox, present=True)
        run_container(sidecar, t_sandbox)
        p.truth["init"]["log-shipper"] = {"startedAt": t_sandbox, "finishedAt": None, "exitCode": None, "restarts": 0}
        t_mig = S(t_sandbox, 1)
        pull_events(migrate, t_mig)
    else:
        t_mig = t_sandbox
        pull_events(migrate, t_mig)

    if crash_runs:
        # crash_runs: (start, finish) of every attempt; all exit 1. restartCount is the attempt
        # index; after each failure the kubelet reports Init:Error, then CrashLoopBackOff.
        for i, (start, fin) in enumerate(crash_runs):
            if i > 0:
                sim.at(start, 30, lambda: sim.kubelet_event(
                    p, ("Pulled-present", "migrate"), migrate, "Pulled",
                    f'Container image "{migrate.spec_image}" already present on machine and can be accessed by the pod'))
            run_container(migrate, start, attempt=i)

            def fail(start=start, fin=fin):
                migrate.state = ("terminated", 1, "Error", start, fin, migrate.cid)
                migrate.started = False
                p.kubelet_time = fin
                sim.write_pod(p)
            sim.at(fin, 34, fail)

            def backoff(i=i, fin=fin):
                migrate.last = migrate.state
                delay = 10 * 2 ** i
                human = f"{delay}s" if delay < 60 else f"{delay // 60}m{delay % 60}s"
                migrate.state = ("waiting", "CrashLoopBackOff",
                                 f"back-off {human} restarting failed container=migrate pod={p.name}_{NS}({p.uid})")
                p.kubelet_time = S(fin, 1)
                sim.write_pod(p)
            sim.at(S(fin, 1), 35, backoff)
        last_start, last_fin = crash_runs[-1]
        p.truth["init"]["migrate"] = {"startedAt": last_start, "finishedAt": last_fin, "exitCode": 1,
                                      "restarts": len(crash_runs) - 1}
        return None

    run_container(migrate, t_mig)
    fin = S(t_mig, migrate_secs)
    p.truth["init"]["migrate"] = {"startedAt": t_mig, "finishedAt": fin, "exitCode": 0, "restarts": 0}
    t_init = S(fin, 1)

    def init_done():
        migrate.state = ("terminated", 0, "Completed", t_mig, fin, migrate.cid)
        migrate.ready = True
        migrate.started = False
        p.set_cond("Initialized", "True", t_init)
        p.truth["initializedAt"] = t_init
        p.kubelet_time = t_init
        sim.write_pod(p)
    sim.at(t_init, 34, init_done)
    t_nginx = S(t_init, 1)
    pull_events(nginx, t_nginx)

    def nginx_running():
        p.phase = "Running"
    sim.at(t_nginx, 31, nginx_running)
    run_container(nginx, t_nginx)
    t_ready = S(t_nginx, ready_delay)

    def ready():
        nginx.ready = True
        p.set_cond("Ready", "True", t_ready)
        p.set_cond("ContainersReady", "True", t_ready)
        p.conds["Ready"].update(reason=None, message=None)
        p.conds["ContainersReady"].update(reason=None, message=None)
        p.truth["readyAt"] = t_ready
        p.kubelet_time = t_ready
        sim.write_pod(p)
        if eps:
            eps.pod_changed(p)
    sim.at(t_ready, 40, ready)
    return t_ready


def delete_pod(sim, p, t_req, kill_lag=0, mode="prestop", report_lag=1, unready_before_exit=False, eps=None):
    """Schedules deletion through DELETED. mode: prestop | sigkill | none."""
    grace = p.variant.grace
    nginx = p.c("nginx")
    t_kill = S(t_req, kill_lag)
    if mode == "prestop":
        hook = int(p.variant.prestop[2].split()[1])
        t_fin = S(t_kill, hook + 1)
        code, reason = 0, "Completed"
    elif mode == "sigkill":
        # The hook is cut off after the whole grace period; the kubelet then still gives the
        # container the 2-second minimum (minimumGracePeriodInSeconds) before SIGKILL.
        t_fin = S(t_kill, grace + 2)
        code, reason = 137, "Error"
    else:
        t_fin = S(t_kill, 1)
        code, reason = 0, "Completed"
    t_term = S(t_fin, report_lag)
    p.truth.update(requestedAt=t_req, killingAt=t_kill, finishedAt=t_fin, exitCode=code)

    def api_delete():
        p.deletion_ts = S(t_req, grace)
        p.deletion_grace = grace
        p.generation += 1
        sim.write_pod(p)
        p.delete_rv = p.rv
        sim.touch_rs(p.hash)
        sim.rs_event(p.hash, "SuccessfulDelete", f"Deleted pod: {p.name}", p.name)
        if eps:
            eps.pod_changed(p)
    sim.at(t_req, 20, api_delete)

    def kubelet_terminating():
        p.observed_generation = p.generation
        for typ in ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"]:
            p.conds[typ]["og"] = p.generation
        p.kubelet_time = t_kill
        sim.write_pod(p)
        sim.kubelet_event(p, "Killing", nginx, "Killing", "Stopping container nginx", rv=p.delete_rv)
    sim.at(t_kill, 21, kubelet_terminating)

    if unready_before_exit:
        t_unready = S(t_fin, -1) if mode != "sigkill" else S(t_kill, grace + 1)

        def unready():
            nginx.ready = False
            msg = "containers with unready status: [nginx]"
            p.set_cond("Ready", "False", t_unready, "ContainersNotReady", msg)
            p.set_cond("ContainersReady", "False", t_unready, "ContainersNotReady", msg)
            p.kubelet_time = t_unready
            sim.write_pod(p)
            sim.kubelet_event(
                p, "Unhealthy", nginx, "Unhealthy",
                f'Readiness probe failed: Get "http://{p.ip}:8080/healthz": dial tcp {p.ip}:8080: connect: connection refused',
                etype="Warning", rv=p.delete_rv)
            if eps:
                eps.pod_changed(p)
        sim.at(t_unready, 22, unready)

    def terminal():
        phase = "Succeeded" if code == 0 else "Failed"
        p.phase = phase
        why = "PodCompleted" if phase == "Succeeded" else "PodFailed"
        nginx.state = ("terminated", code, reason, nginx.state[1] if nginx.state[0] == "running" else None,
                       t_fin, nginx.cid)
        nginx.ready = False
        nginx.started = False
        p.set_cond("PodReadyToStartContainers", "False", t_term)
        if phase == "Succeeded":
            p.set_cond("Initialized", "True", t_term, reason="PodCompleted")
        p.set_cond("Ready", "False", t_term, why)
        p.set_cond("ContainersReady", "False", t_term, why)
        p.kubelet_time = t_term
        sim.write_pod(p)
        if eps:
            eps.pod_changed(p)
    sim.at(t_term, 50, terminal)

    def final_delete():
        # status manager: DELETE with gracePeriodSeconds=0 and a UID precondition. The API server
        # shortens the grace period (deletionTimestamp can no longer move into the past, so it
        # becomes "now"), writes that (MODIFIED) and then removes the object (DELETED).
        p.deletion_ts = t_term
        p.deletion_grace = 0
        sim.write_pod(p)
        sim.write_pod(p, "DELETED")
        p.gone = True
        p.gone_at = t_term
    sim.at(t_term, 51, final_delete)
    return t_term


class EPS:
    """The Service's single EndpointSlice as the endpointslice controller maintains it."""

    def __init__(self, sim, generation, created):
        self.sim = sim
        self.generation = generation
        self.created = created
        self.endpoints = []          # list of dicts: pod, ready, serving, terminating
        self.trigger = None
        self.rv = None

    def seed(self, pods, trigger):
        for p in pods:
            self.endpoints.append({"pod": p, "ready": True, "serving": True, "terminating": False})
        self.trigger = trigger
        self.rv = self.sim.next_rv()

    def _find(self, p):
        return next((e for e in self.endpoints if e["pod"] is p), None)

    def pod_ip(self, p):
        if self._find(p):
            return
        self.endpoints.append({"pod": p, "ready": False, "serving": False, "terminating": False})
        self._write()

    def pod_changed(self, p):
        e = self._find(p)
        if e is None:
            return
        if p.phase in ("Succeeded", "Failed"):
            self.endpoints.remove(e)
        else:
            pod_ready = p.conds.get("Ready", {}).get("status") == "True"
            terminating = p.deletion_ts is not None
            e.update(ready=pod_ready and not terminating, serving=pod_ready, terminating=terminating)
        self._write()

    def _write(self):
        self.generation += 1
        self.trigger = self.sim.now
        self.rv = self.sim.next_rv()
        typ = "MODIFIED"
        self.sim.eps_history.append((self.sim.now, typ, self.obj()))

    def obj(self):
        return {
            "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice",
            "metadata": {
                "annotations": {"endpoints.kubernetes.io/last-change-trigger-time": Z(self.trigger)},
                "creationTimestamp": Z(self.created), "generateName": "web-", "generation": self.generation,
                "labels": {"app": "web", "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
                           "kubernetes.io/service-name": "web"},
                "name": EPS_NAME, "namespace": NS,
                "ownerReferences": [{"apiVersion": "v1", "blockOwnerDeletion": True, "controller": True,
                                     "kind": "Service", "name": "web", "uid": SERVICE_UID}],
                "resourceVersion": self.rv, "uid": EPS_UID,
                "managedFields": [{
                    "apiVersion": "discovery.k8s.io/v1", "fieldsType": "FieldsV1", "fieldsV1": sort_fields({
                        "f:addressType": {}, "f:endpoints": {}, "f:ports": {},
                        "f:metadata": {
                            "f:annotations": {".": {}, "f:endpoints.kubernetes.io/last-change-trigger-time": {}},
                            "f:generateName": {},
                            "f:labels": {".": {}, "f:app": {}, "f:endpointslice.kubernetes.io/managed-by": {},
                                         "f:kubernetes.io/service-name": {}},
                            "f:ownerReferences": {".": {}, 'k:{"uid":"%s"}' % SERVICE_UID: {}}}}),
                    "manager": "kube-controller-manager", "operation": "Update", "time": Z(self.trigger)}]},
            "addressType": "IPv4",
            "endpoints": [{"addresses": [e["pod"].ip],
                           "conditions": {"ready": e["ready"], "serving": e["serving"],
                                          "terminating": e["terminating"]},
                           "nodeName": e["pod"].node,
                           "targetRef": {"kind": "Pod", "name": e["pod"].name, "namespace": NS,
                                         "uid": e["pod"].uid}} for e in self.endpoints],
            "ports": [{"name": "http", "port": 8080, "protocol": "TCP"}]}


# -- a standard rollout ---------------------------------------------------------------------

def rollout(sim, old_specs, new_specs, t_history, t_apply, old_variant, new_variant, migrate_secs,
            kill_lags, mode, report_lags=(1, 1, 1), unready=(False, False, False), eps_from=None,
            rv_jump=None):
    """Three old pods (created at t_history) replaced one by one (maxSurge 1, maxUnavailable 0)."""
    olds = []
    for i, (suffix, node, ip) in enumerate(old_specs):
        p = Pod(sim, suffix, OLD_HASH, node, ip, old_variant)
        start_pod(sim, p, S(t_history, 12 * i), 4, rs_event=True)
        olds.append(p)
    sim.run()
    if rv_jump:
        sim.rv = rv_jump
    eps = None
    if eps_from is not None:
        eps = EPS(sim, generation=eps_from[0], created=eps_from[1])
        eps.seed(olds, trigger=S(t_history, 12 * 2 + 12))
        eps.initial = eps.obj()
    news = [Pod(sim, s, NEW_HASH, n, ip, new_variant) for s, n, ip in new_specs]
    # deployment controller: scale new RS 0->1
    sim.at(t_apply, 5, lambda: (sim.touch_deploy(), sim.touch_rs(NEW_HASH),
                                sim.deploy_event(f"Scaled up replica set web-{NEW_HASH} from 0 to 1", "up1")))
    t_ready = start_pod(sim, news[0], t_apply, migrate_secs[0], eps=eps)
    for k in range(3):
        t_next = S(t_ready, 1)
        frm = 3 - k

        def scale_down(frm=frm, k=k):
            sim.touch_deploy()
            sim.touch_rs(OLD_HASH)
            sim.deploy_event(f"Scaled down replica set web-{OLD_HASH} from {frm} to {frm - 1}", f"down{k}")
        sim.at(t_next, 15, scale_down)
        delete_pod(sim, olds[k], t_next, kill_lag=kill_lags[k], mode=mode, report_lag=report_lags[k],
                   unready_before_exit=unready[k], eps=eps)
        if k < 2:
            def scale_up(k=k):
                sim.touch_deploy()
                sim.touch_rs(NEW_HASH)
                sim.deploy_event(f"Scaled up replica set web-{NEW_HASH} from {k + 1} to {k + 2}", f"up{k + 2}")
            sim.at(t_next, 16, scale_up)
            t_ready = start_pod(sim, news[k + 1], t_next, migrate_secs[k + 1], eps=eps)
    sim.run()
    return olds, news, eps


# ----------------------------------------------------------------------------- renderers

def watch_stream(sim, t_start, with_types=True, pods=None):
    """kubectl get pods -w -o json [--output-watch-events] started at t_start."""
    out = []
    for obj in sim.snapshot(t_start):
        if pods is None or obj["metadata"]["name"] in pods:
            out.append(("ADDED", obj))
    for when, typ, name, obj in sim.history:
        if when > t_start and (pods is None or name in pods):
            out.append((typ, obj))
    chunks = []
    for typ, obj in out:
        if with_types:
            chunks.append(kwatch_event(typ, obj))
        else:
            chunks.append(kjson(strip_managed(obj)))
    return "\n".join(chunks) + "\n"



def kubectl_list(items):
    return {"apiVersion": "v1", "items": items, "kind": "List", "metadata": {"resourceVersion": ""}}


def pod_list(sim, t):
    return kubectl_list([strip_managed(o) for o in sim.snapshot(t)])


def core_event(ev):
    d = {"apiVersion": "v1", "kind": "Event",
         "metadata": {"creationTimestamp": Z(ev["created"]), "name": ev["name"], "namespace": NS,
                      "resourceVersion": ev["rv"], "uid": ev["uid"]},
         "involvedObject": ev["involved"], "reason": ev["reason"], "message": ev["message"],
         "source": ev["source"], "type": ev["type"]}
    if ev["scheduler"]:
        d.update(firstTimestamp=None, lastTimestamp=None, eventTime=ev["eventTime"], action="Binding",
                 reportingComponent="default-scheduler", reportingInstance=SCHEDULER_INSTANCE)
    else:
        d.update(firstTimestamp=Z(ev["first"]), lastTimestamp=Z(ev["last"]), count=ev["count"],
                 eventTime=None, reportingComponent=ev["source"]["component"],
                 reportingInstance=ev["source"].get("host", ""))
    return d


def v1_event(ev):
    d = {"apiVersion": "events.k8s.io/v1", "kind": "Event",
         "metadata": {"creationTimestamp": Z(ev["created"]), "name": ev["name"], "namespace": NS,
                      "resourceVersion": ev["rv"], "uid": ev["uid"]},
         "regarding": ev["involved"], "reason": ev["reason"], "note": ev["message"], "type": ev["type"],
         "deprecatedSource": ev["source"]}
    if ev["scheduler"]:
        d.update(eventTime=ev["eventTime"], action="Binding", reportingController="default-scheduler",
                 reportingInstance=SCHEDULER_INSTANCE, deprecatedFirstTimestamp=None,
                 deprecatedLastTimestamp=None)
    else:
        d.update(eventTime=None, reportingController=ev["source"]["component"],
                 reportingInstance=ev["source"].get("host", ""), deprecatedFirstTimestamp=Z(ev["first"]),
                 deprecatedLastTimestamp=Z(ev["last"]), deprecatedCount=ev["count"])
    return d


def event_list(sim, after, convert):
    evs = [sim.events[k] for k in sim.event_order if sim.events[k]["last"] >= after]
    evs.sort(key=lambda e: e["name"])
    return kubectl_list([convert(e) for e in evs])


def deployment_obj(sim, t_created, t_done, generation):
    tmpl_containers = [
        {"image": NGINX[NEW_HASH], "imagePullPolicy": "IfNotPresent",
         "lifecycle": {"preStop": {"exec": {"command": ["/bin/sh", "-c", "sleep 5"]}}},
         "name": "nginx", "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
         "readinessProbe": {"failureThreshold": 3, "httpGet": {"path": "/healthz", "port": "http", "scheme": "HTTP"},
                            "initialDelaySeconds": 2, "periodSeconds": 5, "successThreshold": 1, "timeoutSeconds": 1},
         "resources": {}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}]
    tmpl_init = [
        {"command": ["/app/migrate", "up"],
         "env": [{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"key": "url", "name": "web-db"}}}],
         "image": MIGRATE[NEW_HASH], "imagePullPolicy": "IfNotPresent", "name": "migrate", "resources": {},
         "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File"}]
    applied = {"apiVersion": "apps/v1", "kind": "Deployment",
               "metadata": {"annotations": {}, "labels": {"app": "web"}, "name": "web", "namespace": NS},
               "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
                        "strategy": {"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}, "type": "RollingUpdate"},
                        "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                            "containers": [{"image": NGINX[NEW_HASH],
                                            "lifecycle": {"preStop": {"exec": {"command": ["/bin/sh", "-c", "sleep 5"]}}},
                                            "name": "nginx", "ports": [{"containerPort": 8080, "name": "http"}],
                                            "readinessProbe": {"httpGet": {"path": "/healthz", "port": "http"},
                                                               "initialDelaySeconds": 2, "periodSeconds": 5}}],
                            "initContainers": [{"command": ["/app/migrate", "up"],
                                                "env": [{"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"key": "url", "name": "web-db"}}}],
                                                "image": MIGRATE[NEW_HASH], "name": "migrate"}],
                            "terminationGracePeriodSeconds": 30}}}}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {
            "annotations": {"deployment.kubernetes.io/revision": "7",
                            "kubectl.kubernetes.io/last-applied-configuration":
                                json.dumps(applied, separators=(",", ":"), sort_keys=True) + "\n"},
            "creationTimestamp": Z(t_created), "generation": generation, "labels": {"app": "web"},
            "name": "web", "namespace": NS, "resourceVersion": sim.deploy_rv, "uid": DEPLOY_UID},
        "spec": {
            "progressDeadlineSeconds": 600, "replicas": 3, "revisionHistoryLimit": 10,
            "selector": {"matchLabels": {"app": "web"}},
            "strategy": {"rollingUpdate": {"maxSurge": 1, "maxUnavailable": 0}, "type": "RollingUpdate"},
            "template": {"metadata": {"labels": {"app": "web"}}, "spec": {
                "containers": tmpl_containers, "dnsPolicy": "ClusterFirst", "initContainers": tmpl_init,
                "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {},
                "terminationGracePeriodSeconds": 30}}},
        "status": {
            "availableReplicas": 3,
            "conditions": [
                {"lastTransitionTime": "2026-03-02T08:41:27Z", "lastUpdateTime": "2026-03-02T08:41:27Z",
                 "message": "Deployment has minimum availability.", "reason": "MinimumReplicasAvailable",
                 "status": "True", "type": "Available"},
                {"lastTransitionTime": "2026-03-02T08:41:05Z", "lastUpdateTime": Z(t_done),
                 "message": f'ReplicaSet "web-{NEW_HASH}" has successfully progressed.',
                 "reason": "NewReplicaSetAvailable", "status": "True", "type": "Progressing"}],
            "observedGeneration": generation, "readyReplicas": 3, "replicas": 3, "updatedReplicas": 3}}


# ----------------------------------------------------------------------------- ground truth

def init_truth(p):
    out = []
    for c in p.containers:
        if c.kind == "main":
            continue
        t = p.truth["init"][c.name]
        out.append({"name": c.name, "sidecar": c.kind == "sidecar", "startedAt": Z(t["startedAt"]),
                    "finishedAt": Z(t["finishedAt"]),
                    "seconds": secs(t["startedAt"], t["finishedAt"]) if t["finishedAt"] else None,
                    "exitCode": t["exitCode"], "restarts": t["restarts"]})
    return out


def pod_truth(p, visible=True, end_observed=True, gone_seen=None, last_seen=None, events=True,
              drops=0, requested_visible=True):
    """Expected report entry. For snapshot inputs pass end_observed=False and gone_seen."""
    tr = p.truth
    term = None
    if tr["requestedAt"] and requested_visible:
        prestop = "exec" if p.variant.prestop else "none"
        if end_observed:
            seconds = secs(tr["requestedAt"], tr["finishedAt"])
            term = {"requestedAt": Z(tr["requestedAt"]), "gracePeriodSeconds": p.variant.grace,
                    "preStop": prestop, "killingAt": Z(tr["killingAt"]) if events else None,
                    "finishedAt": Z(tr["finishedAt"]), "seconds": seconds, "secondsAtMost": None,
                    "exitCodes": {"nginx": tr["exitCode"]}, "exceededGrace": seconds > p.variant.grace}
        else:
            at_most = secs(tr["requestedAt"], gone_seen) if gone_seen else None
            term = {"requestedAt": Z(tr["requestedAt"]), "gracePeriodSeconds": p.variant.grace,
                    "preStop": prestop, "killingAt": Z(tr["killingAt"]) if events else None,
                    "finishedAt": None, "seconds": None, "secondsAtMost": at_most, "exitCodes": {},
                    "exceededGrace": (False if at_most is not None and at_most <= p.variant.grace else None)}
    return {"uid": p.uid, "replicaSet": p.rs, "templateHash": p.hash,
            "role": "old" if p.hash == OLD_HASH else "new", "node": p.node, "ip": p.ip,
            "createdAt": Z(p.created), "scheduledAt": Z(tr["scheduledAt"]),
            "initializedAt": Z(tr["initializedAt"]), "readyAt": Z(tr["readyAt"]),
            "initContainers": init_truth(p), "termination": term, "droppedConnections": drops}


def expected_doc(scenario, inputs, pods, notes, findings=None, extra=None):
    rs = {}
    for name, e in pods.items():
        rs.setdefault(e["replicaSet"], {"name": e["replicaSet"], "templateHash": e["templateHash"],
                                        "role": e["role"], "pods": 0})["pods"] += 1
    doc = {"scenario": scenario, "inputs": inputs, "notes": notes, "workload": "web", "namespace": NS,
           "replicaSets": sorted(rs.values(), key=lambda r: r["role"] != "old"),
           "pods": {k: pods[k] for k in sorted(pods)}}
    if findings is not None:
        doc["findings"] = findings
    if extra:
        doc.update(extra)
    return doc


# ----------------------------------------------------------------------------- scenarios

FILES = {}


def put(rel, text):
    assert rel not in FILES, rel
    FILES[rel] = text


def put_json(rel, obj):
    put(rel, json.dumps(obj, indent=2) + "\n")


EXPECTED = {}


def scenario_healthy():
    sim = Sim("healthy", 30880)
    t_apply = T("2026-11-20T10:00:05Z")
    olds, news, eps = rollout(
        sim,
        [("2xkqp", "worker-1", "10.244.1.7"), ("h8wvn", "worker-2", "10.244.2.5"), ("q4zrt", "worker-3", "10.244.3.9")],
        [("7vjxk", "worker-2", "10.244.2.14"), ("m9cfz", "worker-1", "10.244.1.12"), ("sd4lq", "worker-3", "10.244.3.15")],
        T("2026-11-18T09:14:20Z"), t_apply, Variant(), Variant(), (4, 5, 4),
        kill_lags=(0, 1, 0), mode="prestop", unready=(False, True, False),
        eps_from=(11, T("2026-03-02T08:40:58Z")), rv_jump=48190)
    t_watch = T("2026-11-20T10:00:02Z")
    end = max(p.gone_at for p in olds)
    put("healthy/pods-watch.json", watch_stream(sim, t_watch))
    after = S(end, -3600)
    put("healthy/events.json", kjson(event_list(sim, after, core_event)) + "\n")
    put("healthy/events-v1.json", kjson(event_list(sim, after, v1_event)) + "\n")
    put("events-yaml/events.yaml", kyaml(event_list(sim, after, core_event)))
    sim.touch_deploy()   # the deployment controller's final status update (NewReplicaSetAvailable)
    put("healthy/deployment.json", kjson(deployment_obj(sim, T("2026-03-02T08:40:58Z"),
                                                       olds[2].truth["requestedAt"], 9)) + "\n")
    put("healthy/endpointslices.json", kjson(kubectl_list([strip_managed(eps.obj())])) + "\n")
    pods = {p.name: pod_truth(p) for p in olds + news}
    EXPECTED["healthy"] = expected_doc(
        "healthy", ["healthy/pods-watch.json", "healthy/events.json"], pods,
        "Full rollout, preStop sleep 5 within grace 30. Old pods stop 6-7 s after the delete request. "
        "The final MODIFIED and the DELETED object of each old pod carry deletionGracePeriodSeconds 0 and "
        "deletionTimestamp = time of the kubelet's final delete: requestedAt must come from the first "
        "object that has deletionTimestamp with a non-zero grace period.",
        findings={p.name: [] for p in olds + news})
    EXPECTED["events-yaml"] = expected_doc(
        "events-yaml", ["events-yaml/events.yaml"], {},
        "Same events as healthy/events.json, printed by kubectl -o yaml. Events alone give no pod "
        "objects; compare the events decoded from this file with those from healthy/events.json.",
        extra={"eventCount": len(event_list(sim, after, core_event)["items"]),
               "killing": {p.name: Z(p.truth["killingAt"]) for p in olds}})
    return sim, olds, news, eps


def scenario_api_watch(sim, olds, news):
    n1 = news[0]
    lines = []
    bookmark_rv = str(int(n1.created_rv) - 4)
    lines.append(rawjson({"type": "BOOKMARK", "object": {
        "kind": "Pod", "apiVersion": "v1",
        "metadata": {"resourceVersion": bookmark_rv, "annotations": {"k8s.io/initial-events-end": "true"}},
        "spec": {"containers": None}, "status": {}}}))
    ready_t = n1.truth["readyAt"]
    first = True
    for when, typ, name, obj in sim.history:
        if name != n1.name or when > ready_t:
            continue
        lines.append(rawjson({"type": "ADDED" if first else typ, "object": obj}))
        first = False
    lines.append(rawjson({"type": "ERROR", "object": {
        "kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
        "message": f"too old resource version: {bookmark_rv} ({int(bookmark_rv) + 2741})",
        "reason": "Expired", "code": 410}}))
    put("api-watch/pods.jsonl", "\n".join(lines) + "\n")
    EXPECTED["api-watch"] = expected_doc(
        "api-watch", ["api-watch/pods.jsonl"], {n1.name: pod_truth(n1)},
        "Raw watch (kubectl get --raw '/api/v1/namespaces/shop/pods?watch=1&labelSelector=pod-template-hash%3D"
        f"{NEW_HASH}&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true'). "
        "Starts with the initial-events-end BOOKMARK (no pods matched yet), follows the first new pod from "
        "creation to Ready, and ends with the 410 Expired ERROR the recording got when it later re-issued "
        "the watch from the bookmark's resourceVersion.")
    t = T("2026-11-20T10:00:20Z")
    items = []
    for obj in sim.snapshot(t):
        o = copy.deepcopy(obj)
        o.pop("kind")
        o.pop("apiVersion")
        items.append(o)
    put("api-watch/podlist-raw.json", rawjson({"kind": "PodList", "apiVersion": "v1",
                                              "metadata": {"resourceVersion": sim.list_rv_at(t)},
                                              "items": items}) + "\n")
    pods = {}
    present = {o["metadata"]["name"] for o in sim.snapshot(t)}
    for p in olds + news:
        if p.name in present:
            e = pod_truth(p, end_observed=False, events=False,
                          requested_visible=bool(p.truth["requestedAt"] and p.truth["requestedAt"] <= t))
            # what a single object at time t shows
            if p.truth["initializedAt"] and p.truth["initializedAt"] > t:
                e["initializedAt"] = None
            if p.truth["readyAt"] and p.truth["readyAt"] > t:
                e["readyAt"] = None
            for ic in e["initContainers"]:
                if ic["finishedAt"] and T(ic["finishedAt"]) > t:
                    ic.update(finishedAt=None, seconds=None, exitCode=None)
            pods[p.name] = e
    EXPECTED["api-watch-podlist"] = expected_doc(
        "api-watch-podlist", ["api-watch/podlist-raw.json"], pods,
        "Raw PodList (kubectl get --raw /api/v1/namespaces/shop/pods) taken at 2026-11-20T10:00:20Z during "
        "the healthy rollout: the first old pod is terminating (preStop running), the second new pod is "
        "still in its init container. A lone snapshot bounds nothing: the terminating pod has no end.",
        extra={"snapshotTime": Z(t)})


def scenario_sigkill():
    sim = Sim("sigkill", 51022)
    var = Variant(prestop=("/bin/sh", "-c", "sleep 40"))
    olds, news, _ = rollout(
        sim,
        [("b6wkc", "worker-1", "10.244.1.21"), ("fj9nt", "worker-2", "10.244.2.17"), ("x5lqm", "worker-3", "10.244.3.8")],
        [("k2hdz", "worker-3", "10.244.3.23"), ("p7rvx", "worker-1", "10.244.1.30"), ("tq4gn", "worker-2", "10.244.2.26")],
        T("2026-11-20T16:02:10Z"), T("2026-11-21T14:20:05Z"), var, var, (4, 4, 5),
        kill_lags=(0, 1, 0), mode="sigkill", unready=(True, True, True), rv_jump=73400)
    end = max(p.gone_at for p in olds)
    put("sigkill/pods-watch.json", watch_stream(sim, T("2026-11-21T14:20:01Z")))
    put("sigkill/events.json", kjson(event_list(sim, S(end, -3600), core_event)) + "\n")
    pods = {p.name: pod_truth(p) for p in olds + news}
    EXPECTED["sigkill"] = expected_doc(
        "sigkill", ["sigkill/pods-watch.json", "sigkill/events.json"], pods,
        "preStop 'sleep 40' with terminationGracePeriodSeconds 30. The kubelet cuts the hook off when the "
        "30 s grace period is used up, then still gives the container its 2-second minimum stop window "
        "(minimumGracePeriodInSeconds) before SIGKILL, so each container dies 32 s after the Killing event "
        "(exit 137, reason Error, phase Failed). The hook timeout itself produces no event.",
        findings={**{p.name: ["grace-exceeded"] for p in olds}, **{p.name: [] for p in news}})


def scenario_no_prestop():
    sim = Sim("no-prestop", 60410)
    var = Variant(prestop=None)
    olds, news, eps = rollout(
        sim,
        [("c8dnz", "worker-1", "10.244.1.7"), ("lw5hr", "worker-2", "10.244.2.5"), ("v9gkp", "worker-3", "10.244.3.9")],
        [("4rjxb", "worker-2", "10.244.2.14"), ("n6zqs", "worker-1", "10.244.1.12"), ("wd8fh", "worker-3", "10.244.3.15")],
        T("2026-11-21T16:02:05Z"), T("2026-11-22T09:30:05Z"), var, var, (4, 5, 4),
        kill_lags=(0, 0, 0), mode="none", report_lags=(2, 0, 1),
        eps_from=(12, T("2026-03-02T08:40:58Z")), rv_jump=88030)
    t_watch = T("2026-11-22T09:30:02Z")
    end = max(p.gone_at for p in olds)
    put("no-prestop/pods-watch.json", watch_stream(sim, t_watch, with_types=False))
    put("no-prestop/events.json", kjson(event_list(sim, S(end, -3600), core_event)) + "\n")
    chunks = [kwatch_event("ADDED", eps.initial)]
    for when, typ, obj in sim.eps_history:
        chunks.append(kwatch_event(typ, obj))
    put("no-prestop/endpointslices-watch.json", "\n".join(chunks) + "\n")
    log, drops, drop_lines = ingress_log(sim, olds, news, eps)
    put("no-prestop/ingress-nginx.log", log)
    pods = {p.name: pod_truth(p, drops=drops.get(p.name, 0)) for p in olds + news}
    # which old pod was still advertised as serving after its container had exited
    late = []
    for when, typ, obj in sim.eps_history:
        trig = T(obj["metadata"]["annotations"]["endpoints.kubernetes.io/last-change-trigger-time"])
        for e in obj["endpoints"]:
            p = next(x for x in olds + news if x.name == e["targetRef"]["name"])
            if e["conditions"]["serving"] and p.truth["finishedAt"] and trig > p.truth["finishedAt"]:
                late.append({"pod": p.name, "resourceVersion": obj["metadata"]["resourceVersion"],
                             "lastChangeTriggerTime": Z(trig), "containerFinishedAt": Z(p.truth["finishedAt"])})
    assert len(late) == 1, late
    findings = {p.name: ["no-prestop"] + (["dropped-connections"] if drops.get(p.name) else []) for p in olds}
    findings[late[0]["pod"]].append("endpoint-serving-after-exit")
    findings.update({p.name: [] for p in news})
    EXPECTED["no-prestop"] = expected_doc(
        "no-prestop",
        ["no-prestop/pods-watch.json", "no-prestop/events.json", "no-prestop/ingress-nginx.log",
         "no-prestop/endpointslices-watch.json"], pods,
        "No lifecycle hook: nginx gets SIGTERM (its STOPSIGNAL, SIGQUIT) at the Killing event and exits 0 "
        "one second later. droppedConnections counts ingress-nginx lines with status 502/503/504, or 499, "
        "whose upstream is the pod's IP inside its lifetime; for the retried request only the first "
        "upstream (status 502) counts. The 500 line is an application error, not a drop. The "
        "endpoint-serving-after-exit finding needs endpointslices-watch.json; the other findings are "
        "informative (kinds only).",
        findings=findings, extra={"endpointServingAfterExit": late, "droppedRequests": drop_lines})


def ingress_log(sim, olds, news, eps):
    """ingress-nginx access log (log_format upstreaminfo) over the rollout, plus designed drops."""
    pods = olds + news
    t0 = T("2026-11-22T09:30:00Z")
    paths = [("GET", "/api/products?page=1", 4213), ("GET", "/api/cart", 1843), ("GET", "/", 2981),
             ("GET", "/api/products/7781", 1190), ("POST", "/api/cart/items", 377), ("GET", "/static/app.js", 88412),
             ("GET", "/api/recommendations", 2604), ("GET", "/api/session", 212)]
    clients = ["203.0.113.24", "203.0.113.57", "198.51.100.12", "198.51.100.80", "203.0.113.101"]
    agents = ["k6/0.54.0 (https://k6.io/)", "k6/0.54.0 (https://k6.io/)",
              "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
              "curl/8.5.0"]
    lines = []

    def line(t, method, path, status, sent, upstream, up_len, up_time, up_status, req_time, n, agent=None):
        client = clients[rnd(len(clients), "c", n)]
        ua = agent or agents[rnd(len(agents), "ua", n)]
        req_len = 180 + rnd(420, "len", n) if method == "POST" else 70 + rnd(180, "len", n)
        rid = h("reqid", n)[:32]
        when = t.strftime("%d/%b/%Y:%H:%M:%S +0000")
        lines.append((t, n, f'{client} - - [{when}] "{method} {path} HTTP/1.1" {status} {sent} "-" "{ua}" '
                            f"{req_len} {req_time} [shop-web-80] [] {upstream} {up_len} {up_time} {up_status} {rid}"))

    def serving(p, t):
        # routable by ingress-nginx: ready for >= 1 s and not yet asked to stop
        if p.truth["readyAt"] is not None and S(p.truth["readyAt"], 1) > t:
            return False
        if p.hash == NEW_HASH and p.truth["readyAt"] is None:
            return False
        if p.created > t:
            return False
        if p.truth["requestedAt"] and t >= p.truth["requestedAt"]:
            return False
        return True

    n = 0
    rr = 0
    t = t0
    end = T("2026-11-22T09:30:50Z")
    while t < end:
        for q in range(4):
            n += 1
            ups = [p for p in pods if serving(p, t)]
            p = ups[rr % len(ups)]
            rr += 1
            method, path, size = paths[rnd(len(paths), "p", n)]
            ms = 2 + rnd(38, "ms", n)
            status = 201 if method == "POST" else 200
            up_time = f"{ms / 1000:.3f}"
            line(t, method, path, status, size, f"{p.ip}:8080", size, up_time, status,
                 f"{(ms + 1) / 1000:.3f}", n)
        t = S(t, 1)
    drops = {}
    drop_lines = []

    def drop(pod, when, kind):
        nonlocal n
        n += 1
        ip = f"{pod.ip}:8080"
        drop_lines.append({"time": Z(when), "pod": pod.name, "upstream": ip,
                           "status": {"502": 502, "499": 499, "retry": 200}[kind],
                           "upstreamStatus": {"502": "502", "499": "-", "retry": "502, 200"}[kind]})
        if kind == "502":
            line(when, "GET", "/api/cart", 502, 150, ip, 0, "0.001", 502, "0.002", n)
        elif kind == "499":
            line(when, "GET", "/api/products?page=2", 499, 0, ip, 0, "1.000", "-", "1.001", n,
                 agent="Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0")
        elif kind == "retry":
            other = news[0]
            line(when, "GET", "/api/products/7781", 200, 1190, f"{ip}, {other.ip}:8080", "0, 1190",
                 "0.001, 0.004", "502, 200", "0.006", n)
        drops[pod.name] = drops.get(pod.name, 0) + 1

    o1, o2, o3 = olds
    drop(o1, S(o1.truth["requestedAt"], 0), "502")
    drop(o1, S(o1.truth["requestedAt"], 0), "retry")
    drop(o1, S(o1.truth["requestedAt"], 1), "499")
    drop(o1, S(o1.truth["requestedAt"], 2), "502")
    drop(o2, S(o2.truth["requestedAt"], 0), "502")
    drop(o3, S(o3.truth["requestedAt"], 0), "502")
    drop(o3, S(o3.truth["requestedAt"], 1), "502")
    for p in olds:
        assert all(p.truth["requestedAt"] <= w <= p.gone_at for w, _, l in lines if f" {p.ip}:8080" in l and " 502 " in l)
    # one application error on a new pod: not a dropped connection
    n += 1
    line(S(news[1].truth["readyAt"], 6), "POST", "/api/checkout", 500, 92, f"{news[1].ip}:8080", 92, "0.041", 500,
         "0.043", n)
    lines.sort(key=lambda x: (x[0], x[1]))
    return "".join(l + "\n" for _, _, l in lines), drops, drop_lines


def scenario_init_crashloop():
    sim = Sim("init-crashloop", 91200)
    var = Variant()
    olds = []
    t_hist = T("2026-11-22T15:31:40Z")
    for i, (s, node, ip) in enumerate([("g5tbm", "worker-1", "10.244.1.9"), ("r2vcx", "worker-2", "10.244.2.11"),
                                       ("z7hkq", "worker-3", "10.244.3.4")]):
        p = Pod(sim, s, OLD_HASH, node, ip, var)
        start_pod(sim, p, S(t_hist, 12 * i), 4)
        olds.append(p)
    sim.run()
    sim.rv = 104700
    t_apply = T("2026-11-23T11:00:05Z")
    n1 = Pod(sim, "j4xwp", NEW_HASH, "worker-2", "10.244.2.19", var)
    sim.at(t_apply, 5, lambda: (sim.touch_deploy(), sim.touch_rs(NEW_HASH),
                                sim.deploy_event(f"Scaled up replica set web-{NEW_HASH} from 0 to 1", "up1")))
    runs = [("11:00:07", "11:00:09"), ("11:00:20", "11:00:22"), ("11:00:43", "11:00:45"),
            ("11:01:26", "11:01:28"), ("11:02:49", "11:02:51")]
    runs = [(T(f"2026-11-23T{a}Z"), T(f"2026-11-23T{b}Z")) for a, b in runs]
    start_pod(sim, n1, t_apply, None, crash_runs=runs)
    # BackOff events while the kubelet keeps syncing the pod in back-off
    backoff_times = ["11:00:10", "11:00:23", "11:00:35", "11:00:46", "11:01:00", "11:01:14", "11:01:29",
                     "11:01:43", "11:02:11", "11:02:52", "11:03:06", "11:03:34", "11:03:49"]
    migrate = n1.c("migrate")
    for bt in backoff_times:
        sim.at(T(f"2026-11-23T{bt}Z"), 36, lambda: sim.kubelet_event(
            n1, "BackOff", migrate, "BackOff",
            f"Back-off restarting failed container migrate in pod {n1.name}_{NS}({n1.uid})", etype="Warning"))
    sim.run()
    t_snap = T("2026-11-23T11:04:00Z")
    put("init-crashloop/pods.json", kjson(pod_list(sim, t_snap)) + "\n")
    put("init-crashloop/events.json", kjson(event_list(sim, S(t_snap, -3600), core_event)) + "\n")
    pods = {p.name: pod_truth(p) for p in olds + [n1]}
    st = [o for o in sim.snapshot(t_snap) if o["metadata"]["name"] == n1.name][0]["status"]
    assert st["initContainerStatuses"][0]["restartCount"] == 4, st
    assert st["initContainerStatuses"][0]["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    EXPECTED["init-crashloop"] = expected_doc(
        "init-crashloop", ["init-crashloop/pods.json", "init-crashloop/events.json"], pods,
        "The new ReplicaSet's only pod never initializes: init container migrate exits 1 five times "
        "(restartCount 4, back-off 10/20/40/80 s, now waiting 2m40s in CrashLoopBackOff). The init container "
        "values are the latest attempt, read from lastState.terminated. The rollout stalls with the three old "
        "pods running; nothing is deleted. Snapshot taken at 2026-11-23T11:04:00Z.",
        findings={n1.name: ["init-failed"], "rollout": ["rollout-stalled"]},
        extra={"snapshotTime": Z(t_snap),
               "backOff": {"pod": n1.name, "count": len(backoff_times),
                           "firstTimestamp": "2026-11-23T" + backoff_times[0] + "Z",
                           "lastTimestamp": "2026-11-23T" + backoff_times[-1] + "Z"}})


def scenario_sidecar():
    sim = Sim("sidecar", 120300)
    p = Pod(sim, "8qzvt", NEW_HASH, "worker-1", "10.244.1.33", Variant(sidecar=True))
    start_pod(sim, p, T("2026-11-24T16:45:03Z"), 3, ready_delay=4)
    sim.run()
    obj = strip_managed(sim.snapshot(T("2026-11-24T16:46:00Z"))[0])
    put("sidecar/pod.json", kjson(obj) + "\n")
    put("sidecar/pod.yaml", kyaml(obj))
    EXPECTED["sidecar"] = expected_doc(
        "sidecar", ["sidecar/pod.json"], {p.name: pod_truth(p)},
        "Native sidecar: init container log-shipper has restartPolicy Always, is running with started: true "
        "and ready: true; that is its healthy state (finishedAt null, not a stuck init). migrate ran to "
        "completion after it. pod.yaml is the same object as kubectl -o yaml and must give the same result.")


def scenario_ip_reuse():
    sim = Sim("ip-reuse", 130900)
    olds, news, _ = rollout(
        sim,
        [("aaaaa", "worker-1", "10.244.1.7"), ("f6mzd", "worker-2", "10.244.2.8"), ("s2kwn", "worker-3", "10.244.3.12")],
        [("h9tlc", "worker-2", "10.244.2.20"), ("x4bqr", "worker-3", "10.244.3.18"), ("bbbbb", "worker-1", "10.244.1.7")],
        T("2026-11-24T19:20:30Z"), T("2026-11-25T08:10:05Z"), Variant(), Variant(), (4, 4, 5),
        kill_lags=(0, 0, 0), mode="prestop", rv_jump=150200)
    put("ip-reuse/pods-watch.json", watch_stream(sim, T("2026-11-25T08:10:02Z")))
    a, b = olds[0], news[2]
    assert a.gone_at < b.truth["init"]["migrate"]["startedAt"], "IP must be free before reuse"
    sig = [
        {"time": Z(S(a.truth["killingAt"], 5)), "ip": "10.244.1.7:8080", "status": 502},
        {"time": Z(S(a.truth["killingAt"], 6)), "ip": "10.244.1.7:8080", "status": 502},
        {"time": "2026-11-25T08:11:05Z", "ip": "10.244.1.7:8080", "status": 504},
        {"time": "2026-11-25T08:11:20Z", "pod": b.name, "kind": "reset"},
    ]
    assert a.truth["requestedAt"] <= T(sig[1]["time"]) <= a.gone_at
    assert T(sig[2]["time"]) > b.truth["readyAt"]
    put("ip-reuse/signals.jsonl", "".join(json.dumps(s) + "\n" for s in sig))
    drops = {a.name: 2, b.name: 2}
    pods = {p.name: pod_truth(p, events=False, drops=drops.get(p.name, 0)) for p in olds + news}
    EXPECTED["ip-reuse"] = expected_doc(
        "ip-reuse", ["ip-reuse/pods-watch.json", "ip-reuse/signals.jsonl"], pods,
        "10.244.1.7 belongs to web-7d4b9c8f6d-aaaaa until it is deleted, then to web-5f8d7c9b4a-bbbbb on the "
        "same node. The two 502s fall inside aaaaa's termination; the 504 falls inside bbbbb's life and must "
        "not be counted for aaaaa. The 'reset' line names bbbbb directly and counts as one dropped connection.",
        extra={"signals": sig, "ipOwners": [{"ip": "10.244.1.7", "pod": a.name, "from": Z(a.truth["init"]["migrate"]["startedAt"]),
                             "until": Z(a.gone_at)},
                            {"ip": "10.244.1.7", "pod": b.name, "from": Z(b.truth["init"]["migrate"]["startedAt"]),
                             "until": None}]})


def scenario_snapshots():
    sim = Sim("snapshots", 170450)
    olds, news, _ = rollout(
        sim,
        [("d2nfw", "worker-1", "10.244.1.16"), ("k8vxl", "worker-2", "10.244.2.9"), ("t5crq", "worker-3", "10.244.3.6")],
        [("6hzmb", "worker-3", "10.244.3.19"), ("q9wtd", "worker-1", "10.244.1.25"), ("zl4kx", "worker-2", "10.244.2.22")],
        T("2026-11-25T10:05:12Z"), T("2026-11-26T13:00:05Z"), Variant(), Variant(), (4, 5, 4),
        kill_lags=(0, 0, 0), mode="prestop", rv_jump=190700)
    times = [T("2026-11-26T13:00:13Z"), T("2026-11-26T13:00:23Z"), T("2026-11-26T13:00:33Z"), T("2026-11-26T13:00:43Z")]
    mt = {}
    for i, t in enumerate(times, 1):
        put(f"snapshots/pods/{i:04d}.json", kjson(pod_list(sim, t)) + "\n")
        mt[f"{i:04d}.json"] = Z(t)
    put_json("snapshots/mtimes.json", mt)
    put("snapshots/pods.yaml", kyaml(pod_list(sim, times[-1])))
    last = times[-1]

    def seen(p):
        return [t for t in times if any(o["metadata"]["name"] == p.name for o in sim.snapshot(t))]

    pods = {}
    for p in olds + news:
        ts = seen(p)
        if not ts:
            continue
        gone_seen = next((t for t in times if t > ts[-1]), None)
        requested_visible = bool(p.truth["requestedAt"] and p.truth["requestedAt"] <= ts[-1])
        e = pod_truth(p, end_observed=False, gone_seen=gone_seen, events=False,
                      requested_visible=requested_visible)
        for key in ("initializedAt", "readyAt"):
            if e[key] and T(e[key]) > last:
                e[key] = None
        pods[p.name] = e
    EXPECTED["snapshots"] = expected_doc(
        "snapshots", ["snapshots/pods/ (file mtimes from snapshots/mtimes.json)"], pods,
        "Four polls 10 s apart. Each old pod is seen Terminating (deletionTimestamp set, containers still "
        "running) in one snapshot and is absent from the next, so only a bound is known: secondsAtMost = "
        "first snapshot without the pod - requestedAt. The last old pod is still terminating in the last "
        "snapshot: no end, no bound. exceededGrace is false when the bound is within the grace period and "
        "null when nothing bounds it.",
        extra={"snapshotTimes": mt})
    e2 = {}
    for name, e in pods.items():
        if any(o["metadata"]["name"] == name for o in sim.snapshot(last)):
            e = copy.deepcopy(e)
            if e["termination"]:
                e["termination"]["secondsAtMost"] = None
                e["termination"]["exceededGrace"] = None
            e2[name] = e
    EXPECTED["snapshots-yaml"] = expected_doc(
        "snapshots-yaml", ["snapshots/pods.yaml"], e2,
        "The last snapshot alone, as kubectl get pods -o yaml. One old pod terminating, no bound.")


# ----------------------------------------------------------------------------- independent check

def read_objects(text):
    """Splits a stream of concatenated JSON values (kubectl -w) into objects."""
    dec = json.JSONDecoder()
    i, out = 0, []
    while True:
        while i < len(text) and text[i] in " \r\n\t":
            i += 1
        if i >= len(text):
            return out
        obj, i = dec.raw_decode(text, i)
        out.append(obj)


def derive(objs, events=None, gone_times=None):
    """A reference reader: what a correct tool reports from pod objects (+ core events)."""
    pods = {}
    for raw in objs:
        typ = None
        o = raw
        if "object" in raw and "type" in raw:
            typ, o = raw["type"], raw["object"]
            if typ in ("BOOKMARK", "ERROR"):
                continue
        if o.get("kind") not in (None, "Pod"):
            continue
        md, st = o["metadata"], o.get("status", {})
        p = pods.setdefault(md["name"], {"requestedAt": None, "grace": None, "init": {}, "initializedAt": None,
                                         "readyAt": None, "finishedAt": None, "exit": {}, "node": None,
                                         "ip": None, "deleted": False})
        if md.get("deletionTimestamp") and md.get("deletionGracePeriodSeconds") and p["requestedAt"] is None:
            p["grace"] = md["deletionGracePeriodSeconds"]
            p["requestedAt"] = S(T(md["deletionTimestamp"]), -p["grace"])
        p["node"] = o["spec"].get("nodeName") or p["node"]
        p["ip"] = st.get("podIP") or p["ip"]
        for c in st.get("conditions", []):
            if c["status"] == "True" and c["type"] == "Initialized" and p["initializedAt"] is None:
                p["initializedAt"] = c["lastTransitionTime"]
            if c["status"] == "True" and c["type"] == "Ready" and p["readyAt"] is None:
                p["readyAt"] = c["lastTransitionTime"]
        for c in st.get("initContainerStatuses", []):
            s = c["state"]
            if "terminated" in s:
                rec = s["terminated"]
            elif "waiting" in s and c["lastState"].get("terminated"):
                rec = c["lastState"]["terminated"]
            elif "running" in s:
                rec = {"startedAt": s["running"]["startedAt"], "finishedAt": None, "exitCode": None}
            else:
                rec = None
            if rec:
                p["init"][c["name"]] = (rec["startedAt"], rec.get("finishedAt"), rec.get("exitCode"), c["restartCount"])
        for c in st.get("containerStatuses", []):
            if "terminated" in c["state"] and p["requestedAt"]:
                t = c["state"]["terminated"]
                p["exit"][c["name"]] = t["exitCode"]
                if p["finishedAt"] is None or T(t["finishedAt"]) > p["finishedAt"]:
                    p["finishedAt"] = T(t["finishedAt"])
        if typ == "DELETED":
            p["deleted"] = True
    killing = {}
    for e in (events or []):
        if e["reason"] == "Killing":
            t = T(e["firstTimestamp"])
            n = e["involvedObject"]["name"]
            killing[n] = min(killing.get(n, t), t)
    return pods, killing


def check(sim_healthy):
    # every JSON file parses, every stream splits, and the reference reader agrees with the truth
    def compare(scenario, objs, events=None):
        exp = EXPECTED[scenario]["pods"]
        got, killing = derive(objs, events)
        for name, e in exp.items():
            g = got[name]
            assert e["node"] == g["node"] and e["ip"] == g["ip"], (scenario, name)
            assert e["initializedAt"] == g["initializedAt"], (scenario, name, e["initializedAt"], g["initializedAt"])
            assert e["readyAt"] == g["readyAt"], (scenario, name, e["readyAt"], g["readyAt"])
            for ic in e["initContainers"]:
                gs = g["init"][ic["name"]]
                assert (ic["startedAt"], ic["finishedAt"], ic["exitCode"], ic["restarts"]) == gs, (scenario, name, ic, gs)
            term = e["termination"]
            if term is None:
                assert g["requestedAt"] is None, (scenario, name)
                continue
            assert term["requestedAt"] == Z(g["requestedAt"]), (scenario, name)
            assert term["gracePeriodSeconds"] == g["grace"]
            if term["finishedAt"]:
                assert term["finishedAt"] == Z(g["finishedAt"]), (scenario, name)
                assert term["exitCodes"] == g["exit"], (scenario, name)
            else:
                assert g["finishedAt"] is None, (scenario, name)
            if events is not None:
                assert term["killingAt"] == Z(killing.get(name)), (scenario, name)

    def ev(rel):
        return json.loads(FILES[rel])["items"]

    compare("healthy", read_objects(FILES["healthy/pods-watch.json"]), ev("healthy/events.json"))
    compare("sigkill", read_objects(FILES["sigkill/pods-watch.json"]), ev("sigkill/events.json"))
    compare("no-prestop", read_objects(FILES["no-prestop/pods-watch.json"]), ev("no-prestop/events.json"))
    compare("ip-reuse", read_objects(FILES["ip-reuse/pods-watch.json"]))
    compare("init-crashloop", json.loads(FILES["init-crashloop/pods.json"])["items"], ev("init-crashloop/events.json"))
    compare("sidecar", [json.loads(FILES["sidecar/pod.json"])])
    compare("api-watch", [json.loads(l) for l in FILES["api-watch/pods.jsonl"].splitlines()])
    compare("api-watch-podlist", json.loads(FILES["api-watch/podlist-raw.json"])["items"])
    snaps = []
    for i in range(1, 5):
        snaps += json.loads(FILES[f"snapshots/pods/{i:04d}.json"])["items"]
    compare("snapshots", snaps)
    compare("snapshots-yaml", json.loads(FILES["snapshots/pods/0004.json"])["items"])
    # the -o yaml renderings must hold the same data as their JSON twins
    try:
        import yaml  # only for this self-check; the generator itself needs no third-party module
    except ImportError:
        yaml = None
    if yaml:
        pairs = [("sidecar/pod.yaml", "sidecar/pod.json"), ("snapshots/pods.yaml", "snapshots/pods/0004.json"),
                 ("events-yaml/events.yaml", "healthy/events.json")]
        for y, j in pairs:
            a = yaml.load(FILES[y], Loader=yaml.BaseLoader)
            b = json.loads(FILES[j])
            assert _stringify(a) == _stringify(b), (y, j)
    # the healthy events and the events.k8s.io view describe the same events
    core = ev("healthy/events.json")
    v1 = ev("healthy/events-v1.json")
    assert [e["metadata"]["uid"] for e in core] == [e["metadata"]["uid"] for e in v1]


def _stringify(x):
    """Normalizes scalars so a BaseLoader (all strings) tree compares with a JSON tree."""
    if isinstance(x, dict):
        return {k: _stringify(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_stringify(v) for v in x]
    if x is None:
        return "null"
    if x is True:
        return "true"
    if x is False:
        return "false"
    return str(x)


# ----------------------------------------------------------------------------- README

def readme():
    E = EXPECTED

    def tm(v):
        return "-" if v is None else f"{v[5:10]} {v[11:19]}"

    def row(name, e):
        t = e["termination"]
        ics = "; ".join(f'{i["name"]} {tm(i["startedAt"])} → {tm(i["finishedAt"]) if i["finishedAt"] else "running"}'
                        f'{"" if i["exitCode"] is None else ", exit " + str(i["exitCode"])}'
                        f'{", restarts " + str(i["restarts"]) if i["restarts"] else ""}' for i in e["initContainers"])
        if t:
            if t["seconds"] is not None:
                dur = f'{t["seconds"]} s'
            elif t["secondsAtMost"] is not None:
                dur = f'≤ {t["secondsAtMost"]} s'
            else:
                dur = "unbounded"
            codes = ", ".join(f"{k}={v}" for k, v in t["exitCodes"].items()) or "-"
            term = (f'requested {tm(t["requestedAt"])}, Killing {tm(t["killingAt"])}, finished '
                    f'{tm(t["finishedAt"])}, {dur}, exit {codes}, exceededGrace {json.dumps(t["exceededGrace"])}')
        else:
            term = "-"
        return (f'| `{name}` | {e["node"]} {e["ip"]} | {ics} | {tm(e["initializedAt"])} | '
                f'{tm(e["readyAt"])} | {term} | {e["droppedConnections"]} |')

    def table(key):
        out = ["| pod | node, ip | init containers (latest attempt) | initialized | ready | termination | drops |",
               "| --- | --- | --- | --- | --- | --- | --- |"]
        for name, e in E[key]["pods"].items():
            out.append(row(name, e))
        return "\n".join(out)

    md = f"""# rollscope fixtures

Generated by `scripts/make-fixtures.py` (Python standard library only, deterministic). Do not edit
by hand: change the script and run `python3 scripts/make-fixtures.py`. It re-derives every expected
value from the rendered files with an independent reader before it writes anything.

Every file is shaped like real output of a Kubernetes **1.35** cluster (kind-like: nodes `worker-1`
172.18.0.3, `worker-2` 172.18.0.4, `worker-3` 172.18.0.5, pod CIDRs 10.244.N.0/24, containerd).
Namespace `shop`, Deployment `web`, 3 replicas, RollingUpdate maxSurge 1 / maxUnavailable 0, old
ReplicaSet `web-{OLD_HASH}`, new `web-{NEW_HASH}`. Pods have init container `migrate` and container
`nginx` (nginx-unprivileged, port 8080, readiness probe `GET /healthz`), grace period 30 s.

## Files

| file | what it is |
| --- | --- |
| `healthy/pods-watch.json` | `kubectl get pods -l app=web -w -o json --output-watch-events`, whole rollout |
| `healthy/events.json` | `kubectl get events -o json` (core/v1 List) |
| `healthy/events-v1.json` | `kubectl get events.v1.events.k8s.io -o json`, same events |
| `healthy/deployment.json` | `kubectl get deployment web -o json` after the rollout |
| `healthy/endpointslices.json` | `kubectl get endpointslices -l kubernetes.io/service-name=web -o json` after it |
| `sigkill/pods-watch.json`, `sigkill/events.json` | preStop outlasts the grace period: SIGKILL, exit 137 |
| `no-prestop/pods-watch.json` | watch **without** `--output-watch-events` (bare objects) |
| `no-prestop/events.json` | core/v1 events |
| `no-prestop/ingress-nginx.log` | ingress-nginx access log (`upstreaminfo` format) with 502s, a 499, a retry |
| `no-prestop/endpointslices-watch.json` | EndpointSlice watch with watch events; one update still serving a dead pod |
| `init-crashloop/pods.json`, `init-crashloop/events.json` | Init:CrashLoopBackOff; stalled rollout |
| `sidecar/pod.json`, `sidecar/pod.yaml` | one pod with a native sidecar init container, JSON and YAML |
| `ip-reuse/pods-watch.json`, `ip-reuse/signals.jsonl` | a pod IP reused by a later pod; JSON Lines signals |
| `snapshots/pods/0001.json` … `0004.json` | folder of `kubectl get pods -o json` polls, 10 s apart |
| `snapshots/mtimes.json` | the modification time each snapshot file must get (set by the tests) |
| `snapshots/pods.yaml` | snapshot 0004 as `kubectl get pods -o yaml` |
| `api-watch/pods.jsonl` | raw API watch (`kubectl get --raw ...?watch=1`): BOOKMARK, pod events, ERROR 410 |
| `api-watch/podlist-raw.json` | raw API PodList (`kubectl get --raw /api/v1/namespaces/shop/pods`) |
| `events-yaml/events.yaml` | `healthy/events.json` as `kubectl get events -o yaml` |
| `expected/*.json` | ground truth per scenario (below) |

## Conventions a reader must handle (all real)

- `kubectl ... -o json`: keys sorted, 4-space indent, no `managedFields`; Lists are
  `{{"apiVersion": "v1", "items": [...], "kind": "List", "metadata": {{"resourceVersion": ""}}}}`.
- `kubectl get pods -w -o json` (no `--output-watch-events`): pretty objects (as above, no
  managedFields) back to back, one after another; a DELETED object looks like any other.
- `kubectl get ... -w -o json --output-watch-events`: **one compact JSON line per event**,
  `{{"type":"ADDED","object":{{...}}}}` — `type` first (Go struct order of `metav1.WatchEvent`, printed by
  cli-runtime's `JSONPrinter` with `json.Marshal`), the object's keys sorted, and **managedFields
  included** (`OmitManagedFieldsPrinter` cannot see inside a WatchEvent). The first lines are the objects
  that already existed, as ADDED. A reader should decode a stream of JSON values whatever the whitespace.
- Deletion: the delete request sets `deletionTimestamp` = request + 30 s, `deletionGracePeriodSeconds`
  30 and bumps `metadata.generation` 1 → 2 (pods carry `generation`/`observedGeneration` since 1.33/1.35).
  After the containers stop, the pod goes to phase `Succeeded` (exit 0) or `Failed` (exit 137) with the
  final `state.terminated`, then the kubelet deletes it with grace 0: the API server writes
  `deletionGracePeriodSeconds: 0` and, since 1.33, `deletionTimestamp` = the time of that final delete
  (it no longer moves into the past), which is one more MODIFIED, then DELETED with the same content.
  **So `deletionTimestamp - deletionGracePeriodSeconds` is the request time only on the first object that
  has a non-zero grace period; on the last two objects it is the end time.**
- A terminal pod's conditions: `Ready`/`ContainersReady` False with reason `PodCompleted` (Succeeded) or
  `PodFailed` (Failed), `PodReadyToStartContainers` False; `Initialized` keeps its old
  lastTransitionTime (reason `PodCompleted` when Succeeded). Completed init containers show
  `ready: true, started: false`.
- Kubelet event messages are the 1.35 ones: `Container created`, `Container started`,
  `Stopping container nginx`, `Pulling image "..."`, `Successfully pulled image "..." in 1.2s (1.23s
  including waiting). Image size: N bytes.`, `Container image "..." already present on machine and can be
  accessed by the pod`. Match on `reason` and `involvedObject.fieldPath`
  (`spec.initContainers{{migrate}}`, `spec.containers{{nginx}}`), not on messages.
- Event Lists come in API order (by event name = `<object>.<hex nanoseconds>`), not by time. Scheduler
  events have `eventTime` with microseconds, `firstTimestamp`/`lastTimestamp` null, no `count`,
  `source: {{}}`, `action: Binding`. Controller events have `reportingInstance: ""`.
- Every `resourceVersion` is one etcd revision sequence per scenario, increasing through pods, events,
  ReplicaSets, Deployment and EndpointSlice; event `involvedObject.resourceVersion` is the pod version the
  reporter had.
- `-o yaml`: go-yaml v2 style: timestamps and numeric strings double-quoted (`"2026-..."`, `"48213"`),
  strings containing `: ` single-quoted, and plain or single-quoted scalars longer than 80 columns
  **folded onto the next line** (see the `message:` of Pulled and Unhealthy events in `events.yaml`).

## Ground truth: `expected/`

One file per scenario (plus `api-watch-podlist.json`, `snapshots-yaml.json`). Each has `inputs` (the
files to load together), `notes`, `replicaSets`, and `pods` keyed by pod name with the field names of the
report JSON: `uid, replicaSet, templateHash, role, node, ip, createdAt, scheduledAt, initializedAt,
readyAt, initContainers[{{name, sidecar, startedAt, finishedAt, seconds, exitCode, restarts}}],
termination{{requestedAt, gracePeriodSeconds, preStop, killingAt, finishedAt, seconds, secondsAtMost,
exitCodes, exceededGrace}}, droppedConnections`. Rules used:

- `requestedAt` = deletionTimestamp − deletionGracePeriodSeconds of the first object with a non-zero grace.
- `killingAt` = earliest `Killing` event of the pod (null when no events file is an input).
- init containers: the latest attempt (`state.terminated`, else `lastState.terminated` when waiting, else
  `running.startedAt` with `finishedAt` null).
- `initializedAt`/`readyAt`: lastTransitionTime of the first observed True `Initialized`/`Ready`.
- `finishedAt` = latest container `finishedAt`; `seconds` = finishedAt − requestedAt, only when the end was
  seen. Otherwise `seconds` null and `secondsAtMost` = first time seen gone − requestedAt (null if never seen
  gone). `exceededGrace` = seconds > grace; with only a bound it is false when the bound ≤ grace, else null.
- `droppedConnections`: 502/503/504, or 499, whose upstream is the pod's IP within the pod's lifetime;
  each upstream of a retried request counts on its own status; JSON Lines `kind: reset` naming the pod counts.
- `findings` (where present) list finding kinds per pod; they are informative (no severities).

## Scenarios

### healthy/ (2026-11-20, {E['healthy']['pods'].__len__()} pods)
`pods-watch.json` (`kubectl get pods -l app=web -w -o json --output-watch-events`, started 10:00:02,
ends after the last DELETED), `events.json` (core/v1 List), `events-v1.json` (the same events as
`events.k8s.io/v1`: `regarding`, `note`, `deprecatedFirstTimestamp`..., `eventTime` null for kubelet
events), `deployment.json`, `endpointslices.json` (the Service's EndpointSlice after the rollout, three new
endpoints). preStop `sleep 5`; the old pods' terminations take 6–7 s. The second old pod's kubelet reports
Killing 1 s after the request (killingAt ≠ requestedAt), and its readiness probe fails after SIGTERM (an
`Unhealthy` Warning and a Ready=False MODIFIED before the terminal one).

{table('healthy')}

### sigkill/ (2026-11-21)
preStop `sleep 40`, grace 30. The kubelet stops waiting for the hook after 30 s, sends the stop signal
with its 2-second minimum, then SIGKILL: each nginx ends **32 s after its Killing event** (33 s after the
request for the pod whose Killing came 1 s late), exit 137, reason `Error`, phase `Failed`, Ready reason
`PodFailed`. (nginx's graceful QUIT waits for the open long-lived client connections, so it does not exit
on its own.) No event marks the hook timeout. Files: `pods-watch.json` (with watch events), `events.json`.

{table('sigkill')}

### no-prestop/ (2026-11-22)
No lifecycle hook; nginx exits 0 one second after the Killing event. `pods-watch.json` is **without**
`--output-watch-events` (bare objects; the DELETED object looks like the MODIFIED before it).
`ingress-nginx.log`: {FILES['no-prestop/ingress-nginx.log'].count(chr(10))} lines of the default
`upstreaminfo` format, 4 requests/s from 09:30:00 to 09:30:49 round-robin over the routable pods, plus
the drops: old pod 1 (10.244.1.7): 502 at 09:30:17, a retried request `10.244.1.7:8080, 10.244.2.14:8080`
`502, 200` at 09:30:17, a 499 at 09:30:18, a 502 at 09:30:19; old pod 2 (10.244.2.5): one 502 at 09:30:30;
old pod 3 (10.244.3.9): 502s at 09:30:42 and 09:30:43; and one `500` from a new pod (application error,
not a drop). `endpointslices-watch.json` (`kubectl get endpointslices -l kubernetes.io/service-name=web -w
-o json --output-watch-events`): the update with resourceVersion
{E['no-prestop']['endpointServingAfterExit'][0]['resourceVersion']} (last-change-trigger-time
{E['no-prestop']['endpointServingAfterExit'][0]['lastChangeTriggerTime']}, triggered by the second new
pod getting its IP) still lists `{E['no-prestop']['endpointServingAfterExit'][0]['pod']}` as
`serving: true, terminating: true` although its container finished at
{E['no-prestop']['endpointServingAfterExit'][0]['containerFinishedAt']}: its kubelet reported the exit 2 s late.

{table('no-prestop')}

### init-crashloop/ (2026-11-23)
`pods.json` (kubectl List at 11:04:00) and `events.json`. The new pod's `migrate` ran 5 times, 2 s each,
exit 1; `restartCount` 4, `state.waiting` CrashLoopBackOff "back-off 2m40s ...", `lastState.terminated`
11:02:49–11:02:51. Events: BackOff Warning count {E['init-crashloop']['backOff']['count']}
({E['init-crashloop']['backOff']['firstTimestamp']} … {E['init-crashloop']['backOff']['lastTimestamp']}),
Created/Started count 5, one `Successfully pulled` and one `already present` Pulled (count 4).
Old pods keep running; nothing is deleted.

{table('init-crashloop')}

### sidecar/ (2026-11-24)
`pod.json` (`kubectl get pod NAME -o json`) and `pod.yaml` (same pod, `-o yaml`). Init containers
`log-shipper` (restartPolicy Always: running, `started: true`, `ready: true`) and `migrate` (Completed).

{table('sidecar')}

### ip-reuse/ (2026-11-25)
`pods-watch.json` (with watch events) and `signals.jsonl`. `web-7d4b9c8f6d-aaaaa` (worker-1, 10.244.1.7)
is deleted at {E['ip-reuse']['pods']['web-7d4b9c8f6d-aaaaa']['termination']['requestedAt']} and gone
(DELETED) at {E['ip-reuse']['ipOwners'][0]['until']}; `web-5f8d7c9b4a-bbbbb` on worker-1 gets 10.244.1.7
at {E['ip-reuse']['ipOwners'][1]['from']} (sandbox up, podIP set). Signals:
{"; ".join(f"{x['time']} {x.get('ip') or x.get('pod')} {x.get('status') or x.get('kind')}" for x in E['ip-reuse']['signals'])}.
The first two belong to aaaaa (inside its termination), the 504 to bbbbb (after it became Ready), the
reset names bbbbb. No events file: killingAt is null.

{table('ip-reuse')}

### snapshots/ (2026-11-26)
`snapshots/pods/0001.json` … `0004.json`: `kubectl get pods -l app=web -o json` every 10 s; their
modification times are in `snapshots/mtimes.json` (git does not keep mtimes; tests set them):
{", ".join(f"{k} {v[11:19]}" for k, v in E['snapshots']['snapshotTimes'].items())}. `snapshots/pods.yaml` is
0004 as `-o yaml`. Old pod 1 is Terminating in 0002 and gone in 0003 (≤ 16 s), old pod 2 Terminating in
0003 and gone in 0004 (≤ 13 s), old pod 3 Terminating in 0004 (no bound).

{table('snapshots')}

### api-watch/
`pods.jsonl`: `kubectl get --raw` watch: compact JSON, Go struct field order, `managedFields` included;
line 1 is a BOOKMARK with `k8s.io/initial-events-end`, then the healthy scenario's first new pod from
ADDED to Ready (same uid and resourceVersions as in `healthy/pods-watch.json`), last line an ERROR
`410 Expired` Status. `podlist-raw.json`: raw PodList (`kind: PodList`, items without kind/apiVersion)
at 2026-11-20T10:00:20Z. Expected: `expected/api-watch.json`, `expected/api-watch-podlist.json`.

{table('api-watch')}

### events-yaml/
`events.yaml`: healthy/events.json as `kubectl get events -o yaml`
({E['events-yaml']['eventCount']} events).

## Facts that were judgment calls (and where the brief was corrected)

- `--output-watch-events` output is compact, one event per line, `type` first, with managedFields
  (cli-runtime `printers/json.go`: `case *metav1.WatchEvent: json.Marshal(obj)`), not pretty-printed
  with `object` first.
- sigkill: the kubelet cannot SIGKILL at exactly request + 30 s. `killContainer` runs the hook for at
  most the grace period, subtracts the time it took, and raises what is left to
  `minimumGracePeriodInSeconds` (2) before `StopContainer`, so the kill lands 32 s after the Killing event.
  `exceededGrace` is true (32 or 33 > 30).
- The final delete (grace 0) rewrites `deletionTimestamp`/`deletionGracePeriodSeconds` (1.33+, PR
  kubernetes#122646); on older servers the last objects would show the original request time with grace 0.
- Kubelet messages and `generation`/`observedGeneration` fields are those of 1.35; older clusters say
  `Created container nginx` / `Started container nginx` and have no generation on pods.
- A JSON Lines `kind: reset` naming a pod is counted as one dropped connection.
- Raw (`--raw`) field order follows the Go structs as far as known; the position of the newest fields
  (`observedGeneration` in `PodStatus`/`PodCondition`, `status.resources`) is a best guess and
  irrelevant to a JSON reader.

- The scenario names fix the new hash `{NEW_HASH}` and the pods `...-aaaaa`/`...-bbbbb`; real generated
  names and hashes never contain `a`, `e`, `i`, `o`, `u`, `0`, `1` or `3` (alphabet
  `{SUFFIX_ALPHABET}`). All other suffixes use the real alphabet.
- `status.resources: {{}}`, container `resources: {{}}` and `user.linux` follow a 2026 k3s 1.36 dump; the
  tool should ignore unknown fields anyway.
- ingress-nginx logs `-` as `$upstream_status` for a 499 (the upstream never answered).
"""
    return md


# ----------------------------------------------------------------------------- main

def main():
    sim_h, olds, news, _ = scenario_healthy()
    scenario_api_watch(sim_h, olds, news)
    scenario_sigkill()
    scenario_no_prestop()
    scenario_init_crashloop()
    scenario_sidecar()
    scenario_ip_reuse()
    scenario_snapshots()
    for name, doc in EXPECTED.items():
        put_json(f"expected/{name}.json", doc)
    check(sim_h)
    put("README.md", readme())
    for rel, text in sorted(FILES.items()):
        path = FIX / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    print(f"wrote {len(FILES)} files under {FIX.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
