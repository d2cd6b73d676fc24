#!/usr/bin/env python3
"""Writes random but well-formed rollscope inputs, as extra seeds for scripts/fuzz.sh.

    scripts/fuzz-gen.py OUT_DIR [SEED] [COUNT]

Each file is one fuzz input: pods, events (both APIs), EndpointSlices, Deployments and
ReplicaSets with extreme values (years 0000 and 9999, leap seconds, offsets, Int.max, negative
counts, odd percentages, control characters), as a watch stream, a List, pretty-printed JSON,
YAML (with explicit tags now and then) or a rollscope recording; often followed by a
`#rollscope-fuzz:signals` line and ingress-nginx / JSON Lines signals. Small and valid, they
let libFuzzer start its mutations deep in the correlator instead of in the JSON syntax.
Deterministic for a given SEED; standard library only.
"""
import json
import os
import random
import sys

OUT = sys.argv[1]
R = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
COUNT = int(sys.argv[3]) if len(sys.argv) > 3 else 200

NAMES = ["web-aaa-1", "web-aaa-2", "web-bbb-1", "web-bbb-2", "web-bbb-3", "p", ""]
IPS = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "fd00::7", "", None]


def t():
    if R.random() < 0.75:
        s = "2026-11-20T10:%02d:%02d" % (R.randint(0, 59), R.randint(0, 59))
        if R.random() < 0.3:
            s += ".%d" % R.randint(0, 999999)
        return s + R.choice(["Z", "Z", "+00:00", "-23:59", "+05:30"])
    return R.choice(["0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "0000-03-01T00:00:00+23:59",
                     "9999-12-31T23:59:60-23:59", "1970-01-01T00:00:00Z", "2026-02-29T00:00:00Z",
                     "2024-02-29T23:59:60Z", "0000-01-01T00:00:00Z", None, "", "x"])


def i():
    return R.choice([0, 1, 2, 3, 30, 137, 143, 9, -1, 2**31, 2**53, 2**63 - 1, -2**63, 10**7, 10**7 + 1,
                     31536000, 31536001, 600, None, "3", "1e3", 1.5, 1e300, -0.0])


def s():
    return R.choice(["", "a", "web", "-", "web-abc", "\u202e", "x\ny", "web-7d4b9c8f6d-2xkqp", "\u00e9",
                     "a" * 300, "\x1b[31m", None])


def maybe(d):
    return {k: v for k, v in d.items() if R.random() < 0.85}


def state():
    k = R.choice(["waiting", "running", "terminated", "none"])
    if k == "waiting":
        return {"waiting": maybe({"reason": R.choice(["CrashLoopBackOff", "PodInitializing", "ContainerCreating", s()])})}
    if k == "running":
        return {"running": maybe({"startedAt": t()})}
    if k == "terminated":
        return {"terminated": maybe({
            "exitCode": R.choice([0, 1, 137, 143, i()]), "signal": R.choice([9, 15, i()]),
            "reason": R.choice(["Completed", "Error", "OOMKilled", "ContainerStatusUnknown", s()]),
            "startedAt": t(), "finishedAt": t()})}
    return {}


def cstatus(n):
    return maybe({"name": n, "ready": R.choice([True, False, None]), "started": R.choice([True, False]),
                  "restartCount": i(), "state": state(), "lastState": state()})


def pod():
    name = R.choice(NAMES)
    rs = R.choice(["web-aaa", "web-bbb", "web", "", "x-y-z"])
    h = rs.split("-")[-1] if R.random() < 0.8 else s()
    cn = R.choice([["app"], ["app", "sidecar"], []])
    inits = R.choice([[], ["init"], ["init", "proxy"]])
    md = maybe({
        "name": name, "uid": R.choice(["u-" + name, "u1", None]), "namespace": R.choice(["shop", "", None]),
        "creationTimestamp": t(), "deletionTimestamp": t() if R.random() < 0.4 else None,
        "deletionGracePeriodSeconds": i(), "labels": maybe({"app": "web", "pod-template-hash": h}),
        "resourceVersion": str(R.randint(1, 50)) if R.random() < 0.5 else None, "generateName": rs + "-",
        "ownerReferences": [maybe({"kind": R.choice(["ReplicaSet", "StatefulSet", "Job"]), "name": rs,
                                   "uid": "rs-" + rs, "controller": R.choice([True, False])})]})
    hook = R.choice([{}, {"preStop": {"sleep": {"seconds": i()}}},
                     {"preStop": {"exec": {"command": ["sh", "-c", "sleep %s" % R.choice(["5", "99999999999999999999", "-1", "x"])]}}},
                     {"preStop": {"httpGet": {"path": "/drain", "port": 8080}}}])
    spec = maybe({
        "containers": [maybe({"name": c, "lifecycle": hook}) for c in cn],
        "initContainers": [maybe({"name": c, "restartPolicy": R.choice(["Always", None])}) for c in inits],
        "terminationGracePeriodSeconds": i(), "nodeName": R.choice(["n1", "n2", s()])})
    conds = [maybe({"type": R.choice(["Ready", "ContainersReady", "PodScheduled", "Initialized", "PodReadyToStartContainers"]),
                    "status": R.choice(["True", "False", "Unknown"]), "lastTransitionTime": t()})
             for _ in range(R.randint(0, 4))]
    st = maybe({
        "phase": R.choice(["Pending", "Running", "Succeeded", "Failed", "Unknown", s()]), "podIP": R.choice(IPS),
        "podIPs": [{"ip": R.choice(IPS)}], "startTime": t(), "conditions": conds,
        "reason": R.choice([None, "Evicted", s()]), "containerStatuses": [cstatus(c) for c in cn],
        "initContainerStatuses": [cstatus(c) for c in inits]})
    return maybe({"apiVersion": "v1", "kind": R.choice(["Pod", "Pod", "Pod", None]), "metadata": md, "spec": spec, "status": st})


def event():
    n = R.choice(NAMES)
    e = maybe({
        "kind": R.choice(["Event", None]), "apiVersion": "v1",
        "metadata": maybe({"name": n + ".1", "namespace": "shop", "uid": R.choice(["e1", "e2", None]), "creationTimestamp": t()}),
        "involvedObject": maybe({"kind": "Pod", "name": n, "uid": "u-" + n, "namespace": "shop",
                                 "fieldPath": R.choice(["spec.containers{app}", "spec.containers{", "}{", None])}),
        "reason": R.choice(["Killing", "FailedPreStopHook", "Unhealthy", "Started", "Pulled", s()]), "message": s(),
        "type": R.choice(["Normal", "Warning"]), "firstTimestamp": t(), "lastTimestamp": t(),
        "eventTime": t() if R.random() < 0.3 else None, "count": i(),
        "series": maybe({"count": i(), "lastObservedTime": t()}) if R.random() < 0.3 else None})
    if R.random() < 0.3 and "involvedObject" in e:  # events.k8s.io/v1
        e["apiVersion"] = "events.k8s.io/v1"
        e["regarding"] = e.pop("involvedObject")
        e["note"] = e.pop("message", "")
    return e


def endpoint_slice():
    return maybe({
        "kind": R.choice(["EndpointSlice", None]), "addressType": "IPv4",
        "metadata": maybe({"name": "web-xyz", "namespace": "shop", "labels": {"kubernetes.io/service-name": "web"},
                           "annotations": {"endpoints.kubernetes.io/last-change-trigger-time": t()}, "creationTimestamp": t()}),
        "endpoints": [maybe({"addresses": [R.choice(IPS)],
                             "conditions": maybe({"ready": R.choice([True, False, None]), "serving": R.choice([True, False]),
                                                  "terminating": R.choice([True, False])}),
                             "targetRef": maybe({"kind": "Pod", "name": R.choice(NAMES), "uid": "u-" + R.choice(NAMES)})})
                      for _ in range(R.randint(0, 4))]})


def workload():
    percent = [i(), "25%", "100%", "101%", "-5%", "1e400%", "nan%", "%", "0%", "inf%"]
    return maybe({
        "kind": R.choice(["Deployment", "ReplicaSet"]),
        "metadata": maybe({"name": R.choice(["web", "web-aaa", "web-bbb"]), "namespace": "shop", "creationTimestamp": t(),
                           "annotations": {"deployment.kubernetes.io/revision": R.choice(["1", "99999999999999999999", "-3", "x"])},
                           "labels": {"pod-template-hash": R.choice(["aaa", "bbb"])}}),
        "spec": maybe({"replicas": i(), "progressDeadlineSeconds": i(), "minReadySeconds": i(),
                       "strategy": maybe({"type": "RollingUpdate",
                                          "rollingUpdate": maybe({"maxSurge": R.choice(percent), "maxUnavailable": R.choice(percent)})})}),
        "status": maybe({"replicas": i(), "readyReplicas": i(), "availableReplicas": i(), "updatedReplicas": i()})})


def obj():
    return R.choice([pod, pod, pod, event, event, endpoint_slice, workload])()


def signals():
    lines = []
    for _ in range(R.randint(0, 8)):
        if R.random() < 0.5:
            lines.append(json.dumps(maybe({
                "time": R.choice([t(), 1.7e9, 1e300, -1, "x"]), "ip": R.choice(IPS), "pod": R.choice(NAMES),
                "status": R.choice([502, 503, 499, 200, i()]), "kind": R.choice(["reset", "ok", s()]), "message": s()})))
        else:
            lines.append('1.2.3.4 - - [20/Nov/2026:10:%02d:%02d %s] "GET / HTTP/1.1" %s 5 "-" "curl" 1 %s [shop-web-80] [] %s %s 5 %s %s abc' % (
                R.randint(0, 59), R.randint(0, 59), R.choice(["+0000", "-2359", "+99999"]), R.choice(["502", "499", "200", "x"]),
                R.choice(["0.5", "-1", "1e400", "nan"]),
                R.choice(["10.0.0.1:80", "10.0.0.1:80, 10.0.0.2:80", "[fd00::7]:80", "-", "10.0.0.2:80 : 10.0.0.3:80"]),
                R.choice(["5", "5, 5"]), R.choice(["0.1", "0.1, 0.2"]), R.choice(["502", "502, 200", "-"])))
    return lines


def yaml_scalar(v):
    if v is None:
        return R.choice(["null", "~", "", "!!null ''"])
    if isinstance(v, bool):
        return R.choice(["true", "false"]) if R.random() < 0.1 else ("true" if v else "false")
    if isinstance(v, int):
        return R.choice(["%d" % v, "!!int %d" % v, "!!int 1:0:0:0:0:0:0:0:0:0:0:0", "!!int 0x%x" % abs(v), "'%d'" % v, "!!float %d" % v])
    if isinstance(v, float):
        return R.choice([repr(v), "!!float %r" % v, ".inf", "!!float .nan", "!!float 1:30"])
    return json.dumps(v) if R.random() < 0.8 else "!!str " + json.dumps(v)


def yaml(v, indent=0):
    pad = "  " * indent
    if isinstance(v, dict):
        if not v:
            return " {}"
        # Plain keys: a document starting with a quote would be read as JSON.
        return "".join("\n%s%s:%s" % (pad, k, yaml(x, indent + 1)) for k, x in v.items())
    if isinstance(v, list):
        if not v:
            return " []"
        return "".join("\n%s-%s" % (pad, yaml(x, indent + 1)) for x in v)
    return " " + yaml_scalar(v)


def dump(o):
    return json.dumps(o, ensure_ascii=R.random() < 0.5, separators=(",", ":"))


os.makedirs(OUT, exist_ok=True)
for n in range(COUNT):
    objs = [obj() for _ in range(R.randint(1, 12))]
    form = R.choice(["watch", "watch", "list", "lists", "pretty", "yaml", "recording"])
    if form == "watch":
        body = "\n".join(dump({"type": R.choice(["ADDED", "MODIFIED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR", "X"]), "object": o})
                         for o in objs)
    elif form == "list":
        body = dump({"kind": R.choice(["List", "PodList"]), "items": objs})
    elif form == "lists":
        body = "\n".join(dump({"kind": "List", "items": objs[k:k + 3]}) for k in range(0, len(objs), 3))
    elif form == "pretty":
        body = "\n".join(json.dumps(o, indent=2) for o in objs)
    elif form == "yaml":
        body = "\n---".join(yaml(o) for o in objs).lstrip("\n")
    else:
        lines = [dump({"schema": "rollscope.recording/1", "startedAt": t(), "target": "deployment/web", "mode": "watch"})]
        for o in objs:
            lines.append(dump(maybe({"t": t(), "kind": R.choice(["pod", "event", "slice", "deployment", "list", "note"]),
                                     "type": R.choice(["ADDED", "MODIFIED", "DELETED", None]), "object": o})))
        for line in signals():
            lines.append(dump({"t": t(), "kind": "signal", "source": "ingress-nginx", "line": line}))
        body = "\n".join(lines)
    sig = signals()
    if sig and R.random() < 0.6:
        body += "\n#rollscope-fuzz:signals\n" + "\n".join(sig)
    with open(os.path.join(OUT, "gen-%d-%04d" % (R.getrandbits(16), n)), "w") as f:
        f.write(body + "\n")
