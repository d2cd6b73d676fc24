/// `report --format json`: the `rollscope.report/1` contract of docs/report-json.md (fields only added).
public enum ReportJSON {
    public static let schema = "rollscope.report/1"

    public static func render(_ model: RolloutModel) -> String {
        String(decoding: bytes(model), as: UTF8.self)
    }

    /// The report as UTF-8 bytes, ending with a newline.
    public static func bytes(_ model: RolloutModel, parallelAbove: Int = 1000) -> [UInt8] {
        chunks(model, parallelAbove: parallelAbove).flatMap { $0 }
    }

    /// The report as parts to write in order. With at least `parallelAbove` pods in all, the
    /// pods are written on two threads: the rollouts split in two halves of about as many
    /// pods, or, when one rollout holds most pods, that rollout's pods split in two.
    public static func chunks(_ model: RolloutModel, parallelAbove: Int = 1000) -> [[UInt8]] {
        var w = JSONWriter()
        w.beginObject()
        w.key("schema"); w.string(schema)
        w.key("asOf"); w.string(model.asOf?.rfc3339)
        w.key("rollouts"); w.beginArray()
        let counts = model.rollouts.map(\.pods.count)
        let total = counts.reduce(0, +)
        if total >= max(2, parallelAbove), counts.count >= 2, counts.max()! * 3 <= total * 2 {
            var k = 0, before = 0
            while before < total / 2 { before += counts[k]; k += 1 }
            writeInTwo(&w, count: counts.count, split: k, bytes: { 4096 + ($0 == 0 ? before : total - before) * 2048 }) { i, f in
                rollout(model.rollouts[i], &f, parallelAbove: .max)
            }
        } else {
            for r in model.rollouts { rollout(r, &w, parallelAbove: parallelAbove) }
        }
        w.endArray()
        if !model.history.isEmpty { w.key("history"); history(model.history, &w) }
        w.key("unattributedSignals"); w.int(model.unattributedSignals.count)
        w.key("signals"); w.beginArray()
        for source in model.signalSources { signalSource(source, &w) }
        w.endArray()
        w.key("warnings"); w.beginArray()
        for warning in model.warnings { w.string(warning) }
        w.endArray()
        w.endObject()
        w.finalNewline()
        return w.chunks
    }

    static func time(_ t: Instant?, _ w: inout JSONWriter) { w.time(t) }

    /// Writes elements 0..<count of the open array, those before `split` and those from it each
    /// on its own core, then joins the two parts in order. `bytes(part)` estimates a part's size.
    static func writeInTwo(_ w: inout JSONWriter, count: Int, split: Int, bytes: (Int) -> Int,
                           _ element: (Int, inout JSONWriter) -> Void) {
        let start = w.fork(capacity: 0)
        let parts = Parallel.map(2, minimum: 2) { part -> JSONWriter in
            var f = start.fork(capacity: bytes(part), afterMembers: part == 1 && split > 0)
            for i in part == 0 ? 0..<split : split..<count { element(i, &f) }
            return f
        }
        w.join(parts[0])
        w.join(parts[1])
    }

    /// What `kubectl rollout status` (for a Rollout, `kubectl argo rollouts status`) would say.
    static func kubectl(_ r: Rollout, _ w: inout JSONWriter) {
        w.key("kubectl")
        if let k = r.kubectl {
            w.beginObject()
            w.key("message"); w.string(k.message)
            w.key("done"); w.bool(k.done)
            w.key("refused"); w.bool(k.refused)
            w.key("differs"); w.string(k.differs)
            w.endObject()
        } else {
            w.null()
        }
    }

    /// An Argo Rollout's strategy, step, phase and the hashes of its ReplicaSets' roles.
    static func argo(_ a: ArgoState, _ r: Rollout, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("strategy"); w.string(a.strategy?.rawValue)
        w.key("step"); w.int(a.strategy == .canary ? a.stepIndex : nil)
        w.key("steps"); w.int(a.strategy == .canary ? a.steps.count : nil)
        w.key("stepText"); w.string(a.stepText)
        w.key("phase"); w.string(a.phase)
        w.key("message"); w.string(a.message)
        w.key("abort"); w.bool(a.abort)
        w.key("stableHash"); w.string(a.stableHash)
        w.key("canaryHash"); w.string(a.canaryHash)
        w.key("activeHash"); w.string(a.strategy == .blueGreen ? a.activeHash : nil)
        w.key("previewHash"); w.string(a.strategy == .blueGreen ? a.previewHash : nil)
        w.key("canaryWeight"); w.int(a.canaryWeight)
        w.key("scaleDownDelaySeconds"); w.int(a.strategy == .blueGreen ? a.scaleDownDelaySeconds : nil)
        w.key("switchedAt"); time(a.switchedAt, &w)
        w.key("switchEstimated"); w.bool(a.switchEstimated)
        w.endObject()
    }

    static func rollout(_ r: Rollout, _ w: inout JSONWriter, parallelAbove: Int) {
        w.beginObject()
        w.key("workload"); w.string(r.workload)
        w.key("namespace"); w.string(r.namespace)
        w.key("kind"); w.string(r.kind?.rawValue)
        w.key("startedAt"); time(r.startedAt, &w)
        w.key("finishedAt"); time(r.finishedAt, &w)
        w.key("seconds"); w.number(r.seconds)
        w.key("desiredReplicas"); w.int(r.desiredReplicas)
        w.key("maxSurge"); w.int(r.maxSurge)
        w.key("maxUnavailable"); w.int(r.maxUnavailable)
        if r.kind == .statefulSet || r.kind == .daemonSet {
            w.key("updateStrategy"); w.string(r.updateStrategy)
            if r.kind == .statefulSet {
                w.key("partition"); w.int(r.partition)
                w.key("podManagementPolicy"); w.string(r.podManagementPolicy)
            }
            kubectl(r, &w)
        }
        if r.kind == .rollout {
            kubectl(r, &w)
            w.key("argo")
            if let a = r.argo { argo(a, r, &w) } else { w.null() }
        }
        w.key("progress"); w.beginObject()
        w.key("state"); w.string(r.progress.state.rawValue)
        w.key("newReady"); w.int(r.progress.newReady)
        w.key("desired"); w.int(r.progress.desired)
        w.key("oldServing"); w.int(r.progress.oldServing)
        w.key("terminating"); w.int(r.progress.terminating)
        w.key("held"); w.int(r.progress.held)
        w.endObject()
        w.key("replicaSets"); w.beginArray()
        for rs in r.replicaSets {
            w.beginObject()
            w.key("name"); w.string(rs.name)
            w.key("templateHash"); w.string(rs.templateHash)
            w.key("role"); w.string(rs.role.rawValue)
            w.key("pods"); w.int(rs.pods)
            w.endObject()
        }
        w.endArray()
        w.key("pods"); w.beginArray()
        if r.pods.count >= max(2, parallelAbove) {
            // Thousands of pods: each half written on its own core, then joined in order.
            let half = r.pods.count / 2
            writeInTwo(&w, count: r.pods.count, split: half, bytes: { ($0 == 0 ? half : r.pods.count - half) * 2048 }) { i, f in
                pod(r.pods[i], &f)
            }
        } else {
            for p in r.pods { pod(p, &w) }
        }
        w.endArray()
        w.key("availability"); w.beginArray()
        for step in r.availability {
            w.beginObject()
            w.key("at"); time(step.time, &w)
            w.key("ready"); w.int(step.ready)
            w.endObject()
        }
        w.endArray()
        w.key("rolloutDroppedConnections"); w.int(r.rolloutDrops.count)
        w.key("noHealthyUpstream"); w.beginArray()
        for span in r.noEndpointSpans {
            w.beginObject()
            w.key("from"); time(span.from, &w)
            w.key("until"); time(span.until, &w)
            w.key("seconds"); w.number(span.seconds)
            w.key("requests"); w.int(span.requests)
            w.endObject()
        }
        w.endArray()
        w.key("findings"); w.beginArray()
        for f in r.findings {
            w.beginObject()
            w.key("kind"); w.string(f.kind.rawValue)
            w.key("severity"); w.string(f.severity.rawValue)
            w.key("pod"); w.string(f.pod)
            w.key("uid"); w.string(f.uid)
            w.key("at"); time(f.at, &w)
            w.key("message"); w.string(f.message)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }

    static func pod(_ p: PodTimeline, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("name"); w.string(p.name)
        w.key("uid"); w.string(p.uid)
        w.key("replicaSet"); w.string(p.replicaSet)
        w.key("templateHash"); w.string(p.templateHash)
        w.key("role"); w.string(p.role.rawValue)
        if p.kind == .statefulSet { w.key("ordinal"); w.int(p.ordinal) }
        w.key("node"); w.string(p.node)
        w.key("ip"); w.string(p.ip)
        w.key("status"); w.string(p.status)
        w.key("createdAt"); time(p.createdAt, &w)
        w.key("scheduledAt"); time(p.scheduledAt, &w)
        w.key("initializedAt"); time(p.initializedAt, &w)
        w.key("readyAt"); time(p.readyAt, &w)
        w.key("goneAt"); time(p.goneAt, &w)
        w.key("initContainers"); w.beginArray()
        for c in p.initContainers {
            w.beginObject()
            w.key("name"); w.string(c.name)
            w.key("sidecar"); w.bool(c.sidecar)
            w.key("startedAt"); time(c.startedAt, &w)
            w.key("finishedAt"); time(c.finishedAt, &w)
            w.key("seconds"); w.number(c.seconds)
            w.key("exitCode"); w.int(c.exitCode)
            w.key("restarts"); w.int(c.restarts)
            w.key("reason"); w.string(c.reason)
            w.key("waiting"); w.string(c.waitingReason)
            w.key("firstStartedAt"); time(c.firstStartedAt, &w)
            w.endObject()
        }
        w.endArray()
        w.key("containers"); w.beginArray()
        for c in p.containers {
            w.beginObject()
            w.key("name"); w.string(c.name)
            w.key("preStop"); w.string(c.preStop.rawValue)
            w.key("startedAt"); time(c.startedAt, &w)
            w.key("restarts"); w.int(c.restarts)
            w.key("finishedAt"); time(c.finishedAt, &w)
            w.key("exitCode"); w.int(c.exitCode)
            w.key("reason"); w.string(c.reason)
            w.endObject()
        }
        w.endArray()
        w.key("termination")
        if let t = p.termination {
            w.beginObject()
            w.key("requestedAt"); time(t.requestedAt, &w)
            w.key("gracePeriodSeconds"); w.int(t.gracePeriodSeconds)
            w.key("preStop"); w.string(t.preStop.rawValue)
            w.key("killingAt"); time(t.killingAt, &w)
            w.key("finishedAt"); time(t.finishedAt, &w)
            w.key("seconds"); w.number(t.seconds)
            w.key("secondsAtMost"); w.number(t.secondsAtMost)
            w.key("secondsAtLeast"); w.number(t.secondsAtLeast)
            w.key("exitCodes"); w.beginObject()
            for e in t.exitCodes { w.key(text: e.container); w.int(e.code) }
            w.endObject()
            w.key("exceededGrace"); w.bool(t.exceededGrace)
            w.endObject()
        } else {
            w.null()
        }
        w.key("droppedConnections"); w.int(p.droppedConnections)
        w.key("findings"); w.beginArray()
        for f in p.findings { w.string(f.rawValue) }
        w.endArray()
        w.endObject()
    }

    /// `{"file", "format", "lines", "skipped", "firstSkipped", "formats": {"envoy": N}, "otherLogTypes": {...}}`.
    static func signalSource(_ s: SignalSource, _ w: inout JSONWriter) {
        w.beginObject()
        w.key("file"); w.string(s.file)
        w.key("format"); w.string(s.mainFormat?.rawValue)
        w.key("lines"); w.int(s.lines)
        w.key("skipped"); w.int(s.skipped)
        w.key("firstSkipped"); w.int(s.firstSkipped)
        w.key("formats"); w.beginObject()
        for (format, lines) in s.formatList { w.key(text: format.rawValue); w.int(lines) }
        w.endObject()
        w.key("otherLogTypes"); w.beginObject()
        for (type, n) in s.otherTypes.sorted(by: { $0.key < $1.key }) { w.key(text: type); w.int(n) }
        w.endObject()
        w.endObject()
    }
}
