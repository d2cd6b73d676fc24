import RolloutCore

/// HAProxy's HTTP log (`option httplog`) with servers named by the pod's address, behind a
/// syslog header.
extension SimProxyLog {
    static func haproxy(_ r: SimRequest, _ sc: SimScenario) -> String {
        let a = attempt(r, .haproxy)
        let end = SimProxyLog.end(r, .haproxy)
        var status = 503, state = "SC--"
        var timers = "0/0/-1/-1/\(ms(end - r.sentAt))"
        if let a {
            switch a.outcome {
            case .answered(let s):
                (status, state) = (s, "----")
                timers = "0/0/0/\(ms(a.seconds))/\(ms(end - r.sentAt))"
            case .refused, .unreachable: (status, state) = (503, "SC--")
            case .connectTimeout: (status, state) = (503, "sC--")
            case .readTimeout:
                (status, state) = (504, "sH--")
                timers = "0/0/0/-1/\(ms(end - r.sentAt))"
            case .reset:
                (status, state) = (502, "SH--")
                timers = "0/0/0/-1/\(ms(end - r.sentAt))"
            case .clientGaveUp: (status, state) = (-1, "CC--")
            }
        }
        let backend = "\(sc.namespace)_\(sc.deployment)_80"
        let server = a.map { "\($0.ip):\($0.port)" } ?? "<NOSRV>"
        let bytes = status == 200 ? r.bytes : (status == -1 ? 0 : 212)
        let clock = KubeTime.nginx(end.seconds).dropFirst(12).prefix(8)
        return "<134>Nov 20 \(clock) haproxy-kubernetes-ingress haproxy[27811]: \(r.clientAddress):\(r.clientPort) "
            + "[\(haproxyTime(r.sentAt))] https~ \(backend)/\(server) \(timers) \(status) \(bytes) - - \(state) 12/12/3/1/0 0/0 "
            + "\"\(r.method) \(r.path) HTTP/1.1\""
    }
}
