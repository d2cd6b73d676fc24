import Foundation
import RolloutCore
import RolloutSim

extension FakeKubeAPI {
    /// Answers one request; false to close the connection.
    func handle(_ r: HTTPRequest, _ conn: Connection) -> Bool {
        let isWatch = ["true", "1"].contains(r.query["watch"] ?? "")
        let index = log(r, watch: isWatch)
        let keepAlive = r.keepAlive
        func reply(_ status: Int, _ body: JSONValue, contentType: String = "application/json") -> Bool {
            setStatus(index, status)
            return conn.respond(status: status, contentType: contentType, body: KubectlPrinter.raw(body) + "\n", keepAlive: keepAlive,
                                headOnly: r.method == "HEAD")
        }
        func text(_ status: Int, _ body: String) -> Bool {
            setStatus(index, status)
            return conn.respond(status: status, contentType: "text/plain; charset=utf-8", body: body, keepAlive: keepAlive)
        }

        switch mode {
        case .unauthorized:
            return reply(401, FakeKubeAPI.status(401, reason: "Unauthorized", message: "Unauthorized"))
        case .hang:
            while !isStopped, mode == .hang, conn.waitOpen(seconds: 0.25) {}
            // Still hanging when the client gave up (or the server stopped): close. If the mode
            // changed while the client still waits, answer after all.
            if isStopped || mode == .hang { return false }
        default:
            break
        }

        let parts = r.path.split(separator: "/").map(String.init)
        switch parts.first {
        case nil:
            let paths: [JSONValue] = ["/api", "/api/v1", "/apis", "/apis/apps", "/apis/apps/v1", "/apis/discovery.k8s.io",
                                  "/apis/discovery.k8s.io/v1", "/apis/events.k8s.io", "/apis/events.k8s.io/v1",
                                  "/healthz", "/livez", "/readyz", "/version"]
            return reply(200, ["paths": .array(paths)])
        case "version" where parts.count == 1:
            return reply(200, versionInfo())
        case "healthz", "livez", "readyz":
            return text(200, "ok")
        case "api" where parts.count == 1:
            if discovery == .aggregated && Registry.wantsAggregated(r.accept) {
                return reply(200, Registry.aggregated(core: true, argo: argoCRD), contentType: Registry.aggregatedContentType)
            }
            return reply(200, Registry.apiVersions(serverAddress: "127.0.0.1:\(port)"))
        case "apis" where parts.count == 1:
            if discovery == .aggregated && Registry.wantsAggregated(r.accept) {
                return reply(200, Registry.aggregated(core: false, argo: argoCRD), contentType: Registry.aggregatedContentType)
            }
            return reply(200, Registry.apiGroupList(argo: argoCRD))
        case "apis" where parts.count == 2:
            guard Registry.groups(argo: argoCRD).contains(parts[1]) else { break }
            let v = Registry.version(of: parts[1])
            let gv: JSONValue = ["groupVersion": .string(parts[1] + "/" + v), "version": .string(v)]
            return reply(200, ["kind": "APIGroup", "apiVersion": "v1", "name": .string(parts[1]), "versions": [gv],
                               "preferredVersion": gv])
        case "api" where parts.count == 2, "apis" where parts.count == 3:
            let (group, version) = parts[0] == "api" ? ("", parts[1]) : (parts[1], parts[2])
            if let list = Registry.apiResourceList(group: group, version: version, argo: argoCRD) { return reply(200, list) }
        case "api" where parts.count > 2, "apis" where parts.count > 3:
            let (group, version, rest) = parts[0] == "api" ? ("", parts[1], Array(parts[2...]))
                : (parts[1], parts[2], Array(parts[3...]))
            return resource(r, conn, index: index, group: group, version: version, rest: rest, isWatch: isWatch,
                            send: reply)
        default:
            break
        }
        return reply(404, FakeKubeAPI.status(404, reason: "NotFound", message: "the server could not find the requested resource",
                                             details: [:]))
    }

    func versionInfo() -> JSONValue {
        let numbers = serverVersion.dropFirst().split(separator: ".")
        return ["major": .string(numbers.first.map(String.init) ?? "1"),
                "minor": .string(numbers.count > 1 ? String(numbers[1]) : "32"),
                "gitVersion": .string(serverVersion), "gitCommit": "0000000000000000000000000000000000000000",
                "gitTreeState": "clean", "buildDate": "2025-04-22T16:03:49Z", "goVersion": "go1.23.8",
                "compiler": "gc", "platform": "linux/amd64"]
    }

    static func status(_ code: Int, reason: String, message: String, details: JSONValue? = nil) -> JSONValue {
        var s: JSONValue = ["kind": "Status", "apiVersion": "v1", "metadata": [:], "status": "Failure",
                        "message": .string(message), "reason": .string(reason), "code": .int(code)]
        if let details { s["details"] = details }
        return s
    }

    // MARK: Resources

    private func resource(_ r: HTTPRequest, _ conn: Connection, index: Int, group: String, version: String, rest: [String],
                          isWatch: Bool, send: (Int, JSONValue, String) -> Bool) -> Bool {
        func reply(_ status: Int, _ body: JSONValue) -> Bool { send(status, body, "application/json") }
        // namespaces/{ns}/{plural}[/{name}[/{sub}]] or {plural}[/{name}[/{sub}]]
        let scoped = rest.count >= 3 && rest.first == "namespaces"
        let namespace: String? = scoped ? rest[1] : nil
        let path = scoped ? rest.dropFirst(2) : rest[...]
        let plural = path.first!
        let name = path.count > 1 ? path[path.startIndex + 1] : nil
        let sub = path.count > 2 ? path[path.startIndex + 2] : nil
        guard path.count <= 3, let info = Registry.resource(group: group, version: version, plural: plural, argo: argoCRD),
              namespace == nil || info.namespaced,
              // Only `status` is served (as the object itself); `log` and `scale` are listed in
              // discovery but not served.
              sub == nil || sub == "status" && info.subresources.contains("status") else {
            return reply(404, FakeKubeAPI.status(404, reason: "NotFound",
                                                 message: "the server could not find the requested resource", details: [:]))
        }
        guard r.method == "GET" || r.method == "HEAD" else {
            return reply(405, FakeKubeAPI.status(405, reason: "MethodNotAllowed",
                                                 message: "the fake API server only reads (\(r.method) is not allowed)",
                                                 details: ["kind": .string(info.plural)]))
        }
        if mode == .error500 {
            return reply(500, FakeKubeAPI.status(500, reason: "InternalError",
                                                 message: "Internal error occurred: etcdserver: request timed out",
                                                 details: ["causes": [["message": "etcdserver: request timed out"]]]))
        }
        let labels = r.query["labelSelector"].map { LabelSelector($0) } ?? LabelSelector("")
        let fields = r.query["fieldSelector"].map { FieldSelector($0) } ?? FieldSelector("")
        guard let labels, let fields else {
            return reply(400, FakeKubeAPI.status(400, reason: "BadRequest", message: "unable to parse requirement: invalid selector"))
        }
        let filter: @Sendable (JSONValue) -> Bool = { o in
            (namespace == nil || o.at("metadata.namespace")?.stringValue == namespace) && labels.matches(o) && fields.matches(o)
        }
        let now = simNow()
        let asTable = Tables.wanted(r.accept)
        func table(_ objects: [JSONValue], resourceVersion: Int?) -> Bool {
            send(200, Tables.table(kind: info.kind, objects: objects, now: now, resourceVersion: resourceVersion,
                                   columns: true, includeObject: r.query["includeObject"]), Tables.contentType)
        }

        if let name {
            guard let object = objects(info, at: now).first(where: {
                $0.at("metadata.name")?.stringValue == name
                    && (namespace == nil || $0.at("metadata.namespace")?.stringValue == namespace)
            }) else {
                var details: JSONValue = ["name": .string(name), "kind": .string(info.plural)]
                if !info.group.isEmpty { details["group"] = .string(info.group) }
                let what = info.group.isEmpty ? info.plural : info.plural + "." + info.group
                return reply(404, FakeKubeAPI.status(404, reason: "NotFound", message: "\(what) \"\(name)\" not found",
                                                     details: details))
            }
            return asTable ? table([object], resourceVersion: nil) : reply(200, object)
        }
        if isWatch {
            return watch(r, conn, index: index, info: info, asTable: asTable, filter: filter)
        }
        if asTable {
            return table(objects(info, at: now).filter(filter), resourceVersion: history.resourceVersion(at: now))
        }
        let items = objects(info, at: now).filter(filter).map { o -> JSONValue in
            var o = o
            o["kind"] = nil
            o["apiVersion"] = nil
            return o
        }
        let list: JSONValue = ["kind": .string(info.kind + "List"), "apiVersion": .string(info.groupVersion),
                           "metadata": ["resourceVersion": .string(String(history.resourceVersion(at: now)))],
                           "items": .array(items)]
        return reply(200, list)
    }

    /// The objects of a resource as of simulation time `t`, as served (with kind and apiVersion).
    func objects(_ info: ResourceInfo, at t: Double) -> [JSONValue] {
        switch info.source {
        case .namespaces: history.namespaces
        case .nodes: history.nodes
        case .services: history.services
        case .empty: []
        default: changes(info).state(at: t)
        }
    }

    /// The changes of a resource (none for the static ones).
    func changes(_ info: ResourceInfo) -> ResourceHistory {
        switch info.source {
        case .pods: history.pods
        case .events: history.events
        case .eventsV1: history.eventsV1
        case .endpointSlices: history.endpointSlices
        case .deployments: history.deployments
        case .replicaSets: history.replicaSets
        case .statefulSets: history.statefulSets
        case .daemonSets: history.daemonSets
        case .controllerRevisions: history.controllerRevisions
        case .rollouts: history.rollouts
        case .namespaces, .nodes, .services, .empty: ResourceHistory()
        }
    }

    // MARK: Watch

    private func watch(_ r: HTTPRequest, _ conn: Connection, index: Int, info: ResourceInfo, asTable: Bool,
                       filter: (JSONValue) -> Bool) -> Bool {
        let changes = self.changes(info).changes
        /// The watch event line for a change, or "" when the selectors leave the object out.
        func event(_ type: String, _ object: JSONValue) -> String {
            guard filter(object) else { return "" }
            let payload = asTable
                ? Tables.table(kind: info.kind, objects: [object], now: simNow(), resourceVersion: nil, columns: true,
                               includeObject: r.query["includeObject"])
                : object
            return KubectlPrinter.raw(["type": .string(type), "object": payload]) + "\n"
        }
        func bookmark(_ rv: Int, initialEnd: Bool) -> String {
            var meta: JSONValue = ["resourceVersion": .string(String(rv)), "creationTimestamp": .null]
            if initialEnd { meta["annotations"] = ["k8s.io/initial-events-end": "true"] }
            let o: JSONValue = ["kind": .string(info.kind), "apiVersion": .string(info.groupVersion), "metadata": meta]
            return KubectlPrinter.raw(["type": "BOOKMARK", "object": o]) + "\n"
        }
        let rvParam = r.query["resourceVersion"] ?? ""
        let bookmarks = r.query["allowWatchBookmarks"] == "true"
        let sendInitial = r.query["sendInitialEvents"] == "true"
        let timeout = Double(r.query["timeoutSeconds"] ?? "")
        let opened = ProcessInfo.processInfo.systemUptime

        guard conn.beginChunked(contentType: asTable ? Tables.contentType : "application/json") else { return false }
        setStatus(index, 200)
        watchOpened()
        defer { watchClosed() }

        var now = simNow()
        var next = ResourceHistory(changes: changes).firstIndex(after: now)
        var out = ""
        if rvParam.isEmpty || rvParam == "0" || sendInitial {
            for o in objects(info, at: now) { out += event("ADDED", o) }
            if sendInitial && bookmarks { out += bookmark(history.resourceVersion(at: now), initialEnd: true) }
        } else {
            let from = Int(rvParam) ?? 0
            for c in changes[..<next] where c.resourceVersion > from { out += event(c.type, c.object) }
        }
        guard conn.chunk(out) else { return false }
        var lastBookmark = opened

        while true {
            if isStopped { return false }
            let mode = self.mode
            let real = ProcessInfo.processInfo.systemUptime
            let age = real - opened
            var limit = timeout ?? .infinity
            if case .closeWatchesAfter(let s) = mode { limit = min(limit, s) }
            if age >= limit { return conn.endChunked() }
            now = simNow()
            if mode != .hang {
                out = ""
                while next < changes.count, changes[next].time <= now {
                    out += event(changes[next].type, changes[next].object)
                    next += 1
                }
                if bookmarks, real - lastBookmark >= bookmarkInterval {
                    out += bookmark(history.resourceVersion(at: now), initialEnd: false)
                    lastBookmark = real
                }
                guard conn.chunk(out) else { return false }
            }
            var wait = 0.25
            let speed = self.speed
            if next < changes.count, speed > 0 { wait = min(wait, (changes[next].time - now) / speed) }
            wait = min(wait, limit - age)
            if bookmarks { wait = min(wait, bookmarkInterval - (real - lastBookmark)) }
            guard conn.waitOpen(seconds: max(wait, 0.002)) else { return false }
        }
    }
}
