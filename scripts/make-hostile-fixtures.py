#!/usr/bin/env python3
"""Writes the hostile-input corpus: Tests/Fixtures/hostile/.

Broken and hostile inputs, each small. What rollscope must do with each one is the table in
Tests/RolloutCoreTests/HostileInputTests.swift. The huge cases (200,000-level nesting, a 5 MB
name) are not here: the tests generate them at run time.

`escapes/` is one rollout with terminal escape sequences, control characters and Markdown
breakers planted in every untrusted string rollscope shows (HostileInputTests and
TerminalEndToEndTests read it).

Python standard library only, deterministic: python3 scripts/make-hostile-fixtures.py
"""
import json
import os

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "hostile")


def pod(name, h, uid, ip, node, created, ready, deleted=None, finished=None, grace=30, phase="Running", cname="nginx",
        labels=None, owner=True, prestop=("/bin/sh", "-c", "sleep 5"), term_message=None, namespace="shop",
        init=None):
    meta = {"creationTimestamp": created, "generateName": f"web-{h}-",
            "labels": labels or {"app": "web", "pod-template-hash": h},
            "name": name, "namespace": namespace, "resourceVersion": uid + "-" + (finished or deleted or ready), "uid": uid}
    if owner:
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "blockOwnerDeletion": True, "controller": True,
                                    "kind": "ReplicaSet", "name": f"web-{h}", "uid": "rs-" + h}]
    if deleted:
        meta["deletionTimestamp"] = deleted
        meta["deletionGracePeriodSeconds"] = grace
    container = {"image": "nginxinc/nginx-unprivileged:1.27.2-alpine", "name": cname}
    if prestop:
        container["lifecycle"] = {"preStop": {"exec": {"command": list(prestop)}}}
    spec = {"containers": [container], "nodeName": node, "terminationGracePeriodSeconds": grace}
    state = {"running": {"startedAt": created}}
    ready_status = "True"
    if finished:
        # Still running at deletionTimestamp (request + grace): SIGKILL, exit 137.
        terminated = {"containerID": "containerd://1", "exitCode": 137 if deleted and finished > deleted else 0,
                      "reason": "Error", "startedAt": created, "finishedAt": finished}
        if term_message:
            terminated["message"] = term_message
        state = {"terminated": terminated}
        ready_status = "False"
    status = {"conditions": [{"lastProbeTime": None, "lastTransitionTime": ready, "status": ready_status, "type": "Ready"}],
              "containerStatuses": [{"name": cname, "ready": ready_status == "True", "restartCount": 0, "started": True,
                                     "state": state}],
              "hostIP": "172.18.0.3", "phase": phase, "podIP": ip, "startTime": created}
    if init:
        spec["initContainers"] = [{"image": "migrate:1", "name": init["name"]}]
        status["initContainerStatuses"] = [init["status"]]
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status}


def line(kind, obj):
    return json.dumps({"type": kind, "object": obj}, separators=(",", ":"), sort_keys=False)


OLD = dict(name="web-7d4b9c8f6d-b6wkc", h="7d4b9c8f6d", uid="0b6c1a52-old", ip="10.244.1.21", node="worker-1",
           created="2026-11-21T14:00:00Z", ready="2026-11-21T14:00:10Z")
NEW = dict(name="web-5f8d7c9b4a-k2hdz", h="5f8d7c9b4a", uid="3fcc491d-new", ip="10.244.3.23", node="worker-3",
           created="2026-11-21T14:20:05Z", ready="2026-11-21T14:20:16Z")


def stream():
    """A small, valid watch stream (--output-watch-events): one old pod replaced by one new pod."""
    gone = dict(deleted="2026-11-21T14:20:47Z", finished="2026-11-21T14:20:24Z", phase="Succeeded")
    return [line("ADDED", pod(**OLD)), line("ADDED", pod(**NEW)),
            line("MODIFIED", pod(**OLD, deleted="2026-11-21T14:20:47Z")),
            line("MODIFIED", pod(**OLD, **gone)), line("DELETED", pod(**OLD, **gone))]


def write(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(ROOT, name), "wb") as f:
        f.write(data)


def corpus():
    s = stream()
    text = "\n".join(s) + "\n"
    write("valid.json", text)
    write("empty.json", b"")
    write("whitespace.json", b"  \n\t\r\n   \n")
    listing = json.dumps({"apiVersion": "v1", "items": [json.loads(l)["object"] for l in s[:2]], "kind": "List",
                          "metadata": {"resourceVersion": ""}}, indent=4, sort_keys=True)
    cut = listing.index('"spec"', listing.index(NEW["name"]))
    write("truncated-list.json", listing[:cut])
    write("top-null.json", "null\n")
    write("top-string.json", '"pods"\n')
    write("top-number.json", "42\n")
    first = json.loads(s[0])["object"]

    def variant(edit):
        o = json.loads(json.dumps(first))
        edit(o)
        return json.dumps(o, separators=(",", ":")) + "\n"
    write("name-is-number.json", variant(lambda o: o["metadata"].__setitem__("name", 12345)))
    write("containers-is-object.json", variant(lambda o: o["spec"].__setitem__("containers", {"name": "nginx"})))
    write("grace-is-string.json", variant(lambda o: o["spec"].__setitem__("terminationGracePeriodSeconds", "thirty")))
    write("overflowing-numbers.json",
          text.replace('"restartCount":0', '"restartCount":99999999999999999999999')
              .replace('"terminationGracePeriodSeconds":30', '"terminationGracePeriodSeconds":1e400')
              .replace('"deletionGracePeriodSeconds":30', '"deletionGracePeriodSeconds":99999999999999999999999'))
    write("invalid-utf8-name.json",
          text.encode().replace(OLD["name"].encode(), b"web-7d4b9c8f6d-\xff\xfe\xc3(b6wkc"))
    write("nul-bytes.json", b"\x00" * 16 + text.encode())
    write("nul-between-objects.json", ("\n".join(s[:2]) + "\n").encode() + b"\x00\x00\x00\n" + ("\n".join(s[2:]) + "\n").encode())
    write("kubectl-error.txt", 'error: the server doesn\'t have a resource type "podz"\n')
    write("kubectl-forbidden.txt", 'Error from server (Forbidden): pods is forbidden: User "x" cannot list resource "pods" '
                                   'in API group "" in the namespace "shop"\n')
    write("html-502.json", "<html><head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1>"
                           "</center><hr><center>nginx</center></body></html>\r\n")
    for tag, value in [("year-0000", "0000-01-01T00:00:00Z"), ("month-13", "2026-13-01T00:00:00Z"),
                       ("leap-second-9999", "9999-12-31T23:59:60Z"), ("yesterday", "yesterday")]:
        write(f"time-{tag}.json", text.replace(OLD["created"], value))
    write("finished-before-started.json",
          text.replace('"finishedAt":"2026-11-21T14:20:24Z"', '"finishedAt":"2026-11-21T13:00:00Z"'))
    write("negative-grace.json", text.replace('"deletionGracePeriodSeconds":30', '"deletionGracePeriodSeconds":-30')
          .replace('"terminationGracePeriodSeconds":30', '"terminationGracePeriodSeconds":-30'))
    write("unknown-watch-type.json", "\n".join([s[0], s[1], s[2].replace('"MODIFIED"', '"FROBNICATE"', 1)] + s[3:]) + "\n")
    write("yaml-bad-indent.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n namespace: shop\n   uid: x\n")
    write("yaml-tab.yaml", "apiVersion: v1\nkind: Pod\nmetadata:\n\tname: web-1\n")
    write("yaml-unterminated-quote.yaml", 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "web-1\n  namespace: shop\n')
    write("garbage-between.json", "\n".join([s[0], s[1], "GARBAGE ]] here"] + s[2:]) + "\n")
    write("error-after-stream.json", text + "error: an error on the server (\"unable to decode an event from the watch stream\") has prevented the request from succeeding\n")
    write("cut-mid-line.json", text[: len(text) - 400])
    write("kubectl-warning-first.json", "Warning: v1 ComponentStatus is deprecated in v1.19+\n" + text)
    write("kubectl-error-first.json", "error: You must be logged in to the server (Unauthorized)\n" + text)
    # `kubectl get pods -w -o json` (no watch events): pretty objects back to back.
    pretty = [json.dumps(json.loads(l)["object"], indent=4, sort_keys=True) for l in s]
    write("pretty-watch-garbage.json", "\n".join(pretty[:2] + ["}}} stray"] + pretty[2:]) + "\n")
    whole = "\n".join(pretty) + "\n"
    write("pretty-watch-cut.json", whole[: len(whole) - 700])
    write("crlf.json", text.replace("\n", "\r\n"))
    write("crlf-list.json", listing.replace("\n", "\r\n") + "\r\n")
    write("bom.json", b"\xef\xbb\xbf" + text.encode())
    write("bom.yaml", b"\xef\xbb\xbf" + yaml_pod().encode())
    header = json.dumps({"schema": "rollscope.recording/1", "startedAt": "2026-11-21T14:20:00Z", "target": "deployment/web",
                         "namespace": "shop", "context": None, "mode": "watch", "tool": "rollscope test",
                         "redacted": ["env values"]}, separators=(",", ":"))
    times = ["2026-11-21T14:20:01Z", "2026-11-21T14:20:06Z", "2026-11-21T14:20:18Z", "2026-11-21T14:20:25Z", "2026-11-21T14:20:26Z"]
    rec = [header] + [json.dumps({"t": t, "kind": "pod", "type": json.loads(l)["type"], "object": json.loads(l)["object"]},
                                 separators=(",", ":")) for t, l in zip(times, s)]
    recording = "\n".join(rec) + "\n"
    write("recording.json", recording)
    write("recording-cut-mid-line.json", recording[: len(recording) - 300])
    write("recording-damaged-line.json", "\n".join(rec[:3] + ['{"t":"2026-11-21T14:20:10Z","kind":"pod","obj'] + rec[3:]) + "\n")


def yaml_pod():
    return ("apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: \"2026-11-21T14:20:05Z\"\n"
            "  labels:\n    app: web\n    pod-template-hash: 5f8d7c9b4a\n  name: web-5f8d7c9b4a-k2hdz\n  namespace: shop\n"
            "  uid: 3fcc491d-new\nspec:\n  containers:\n  - name: nginx\n  nodeName: worker-3\nstatus:\n"
            "  conditions:\n  - lastTransitionTime: \"2026-11-21T14:20:16Z\"\n    status: \"True\"\n    type: Ready\n"
            "  phase: Running\n  podIP: 10.244.3.23\n  startTime: \"2026-11-21T14:20:05Z\"\n")


# Planted in every untrusted string: CSI clear screen, OSC 0 window title, OSC 52 clipboard, BEL,
# backspace, other C0, DEL, C1 controls (NEL, CSI U+009B), a bidi override, Markdown breakers.
ESC = "\x1b"
CLEAR = ESC + "[2J" + ESC + "[H"
TITLE = ESC + "]0;pwned\x07"
CLIP = ESC + "]52;c;ZXZpbA==\x07"
C1 = "\u0085\u009b31m\u009d"
RAW_9B = "@RAW9B@"  # replaced by a raw 0x9b byte (not UTF-8) after encoding


def escapes():
    os.makedirs(os.path.join(ROOT, "escapes"), exist_ok=True)
    app = "web" + TITLE + "|`x`"
    labels_old = {"app": app, "pod-template-hash": "7d4b" + CLEAR}
    labels_new = {"app": app, "pod-template-hash": "5f8d" + C1}
    old = dict(OLD, name="web-old-" + CLIP + "-a|b\nc", node="worker-1" + ESC + "[H", labels=labels_old, owner=False,
               cname="nginx" + ESC + "[5m\x08\x7f", prestop=("/bin/sh", "-c", "sleep 40" + ESC + "[?1049h"),
               term_message="bye" + TITLE, namespace="shop" + ESC + "[31m")
    new = dict(NEW, name="web-new-\x01\x0e\x0f" + C1 + "\u202e-" + RAW_9B + "-<b>[x](y)```", labels=labels_new, owner=False,
               namespace="shop" + ESC + "[31m",
               init={"name": "migrate\x07\u202e", "status": {
                   "name": "migrate\x07\u202e", "ready": False, "restartCount": 4,
                   "state": {"waiting": {"reason": "CrashLoopBackOff" + CLEAR, "message": "back-off " + TITLE}},
                   "lastState": {"terminated": {"exitCode": 1, "reason": "Error" + CLIP, "message": "migration failed" + TITLE,
                                                "startedAt": "2026-11-21T14:20:07Z", "finishedAt": "2026-11-21T14:20:09Z"}}}})
    # The new pod never gets ready (its init container crash-loops): the old one stays.
    new["ready"] = "2026-11-21T14:20:05Z"
    kill = dict(deleted="2026-11-21T14:20:47Z", finished="2026-11-21T14:20:50Z", phase="Failed")
    pods = [line("ADDED", pod(**old)), line("ADDED", pod(**new)),
            line("MODIFIED", pod(**old, deleted="2026-11-21T14:20:47Z")),
            line("MODIFIED", pod(**old, **kill)), line("DELETED", pod(**old, **kill))]
    for i, p in enumerate(pods):
        o = json.loads(p)
        if o["object"]["metadata"]["uid"] == NEW["uid"]:
            o["object"]["status"]["conditions"][0]["status"] = "False"
            o["object"]["status"]["phase"] = "Pending"
            o["object"]["status"]["containerStatuses"][0]["state"] = {"waiting": {"reason": "PodInitializing"}}
            o["object"]["status"]["containerStatuses"][0]["ready"] = False
            pods[i] = json.dumps(o, separators=(",", ":"))
    data = ("\n".join(pods) + "\n").encode("utf-8").replace(RAW_9B.encode(), b"\x9b")
    with open(os.path.join(ROOT, "escapes", "pods-watch.json"), "wb") as f:
        f.write(data)

    def event(name, reason, message, at, kind="Normal", field=None):
        ref = {"apiVersion": "v1", "kind": "Pod", "name": old["name"], "namespace": old["namespace"], "uid": OLD["uid"]}
        if field:
            ref["fieldPath"] = field
        return {"apiVersion": "v1", "count": 1, "firstTimestamp": at, "lastTimestamp": at, "involvedObject": ref,
                "kind": "Event", "message": message, "metadata": {"name": name, "namespace": old["namespace"]},
                "reason": reason, "source": {"component": "kubelet", "host": "worker-1"}, "type": kind}
    events = {"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
        event("e1", "Killing" + CLEAR, "Stopping container " + old["cname"] + CLIP + " | next\nline", "2026-11-21T14:20:17Z",
              field="spec.containers{nginx}"),
        event("e2", "FailedPreStopHook", "PreStopHook failed: " + CLIP + "\x07\x08\x7f" + C1 + "|", "2026-11-21T14:20:40Z",
              kind="Warning"),
    ]}
    with open(os.path.join(ROOT, "escapes", "events.json"), "w") as f:
        json.dump(events, f, indent=4, sort_keys=True)
        f.write("\n")
    log = ('203.0.113.101 - - [21/Nov/2026:14:20:30 +0000] "GET /' + CLEAR + TITLE + '\x9b31m HTTP/1.1" 502 150 "-" '
           '"k6' + CLIP + '" 242 0.003 [shop-web-80] [] 10.244.1.21:8080 0 0.003 502 f872387236ceca0b0230ebe153177024\n')
    with open(os.path.join(ROOT, "escapes", "ingress-nginx.log"), "wb") as f:
        # \x9b in the log is the raw byte, as a hostile client could send it.
        f.write(log.encode("utf-8").replace("\u009b".encode("utf-8"), b"\x9b"))


if __name__ == "__main__":
    os.makedirs(ROOT, exist_ok=True)
    corpus()
    escapes()
