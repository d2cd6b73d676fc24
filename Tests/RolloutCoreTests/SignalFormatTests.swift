import Foundation
import Testing
import TestSupport
@testable import RolloutCore

/// What counts as a dropped connection in each format, one line at a time: the rules the
/// README's signals table states.
@Suite struct SignalFormatTests {
    /// Parses one line; the signals it gave and the format it was read as.
    func one(_ line: String, fields: SignalFields? = nil) -> (signals: [Signal], format: SignalFormat?) {
        var r = SignalParser.Result()
        SignalParser.parseLine(Data(line.utf8), origin: "test.log", line: 1, options: .init(fields: fields), into: &r)
        return (r.signals, r.formats.keys.first)
    }

    // MARK: Envoy text and JSON

    static let envoyDefault = #"[2026-11-20T10:00:01.250Z] "GET /api/cart HTTP/1.1" CODE FLAGS 0 91 12 - "203.0.113.24" "curl/8.5.0" "d70640ec" "shop.example.com" "HOST""#
    static let istio = #"[2026-11-20T10:00:01.250Z] "GET /api/cart HTTP/1.1" CODE FLAGS DETAILS - "-" 0 91 12 - "203.0.113.24" "curl/8.5.0" "d70640ec" "shop.example.com" "HOST" outbound|80||web.shop.svc.cluster.local 10.244.0.9:40150 10.244.0.9:8080 203.0.113.24:55012 - default"#

    func envoy(_ code: String, _ flags: String, details: String = "-", host: String = "10.244.1.7:8080") -> [Signal] {
        let text = Self.istio.replacingOccurrences(of: "CODE", with: code).replacingOccurrences(of: "FLAGS", with: flags)
            .replacingOccurrences(of: "DETAILS", with: details).replacingOccurrences(of: "HOST", with: host)
        let r = one(text)
        #expect(r.format == .envoy)
        return r.signals
    }

    @Test(arguments: [
        ("503", "UF", "upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111}"),
        ("503", "UC", "upstream_reset_before_response_started{connection_termination}"),
        ("503", "UR", "upstream_reset_before_response_started{remote_reset}"),
        ("503", "URX", "via_upstream"),
        ("504", "UT", "response_timeout"),
        ("503", "LR", "upstream_reset_after_response_started{local_reset}"),
        ("0", "DC", "downstream_remote_disconnect"),
        ("502", "-", "via_upstream"),
        ("503", "-", "upstream_reset_before_response_started{connection_termination}"),
    ])
    func envoyFailuresToAnUpstreamHostAreThePodsDrops(code: String, flags: String, details: String) {
        let s = envoy(code, flags, details: details)
        #expect(s.count == 1)
        #expect(s.first?.ip == "10.244.1.7")
        #expect(s.first?.noHealthyUpstream == false)
        #expect(s.first?.service == "outbound|80||web.shop.svc.cluster.local")
        #expect(s.first?.requestStart == t("2026-11-20T10:00:01.250Z"))
    }

    @Test(arguments: [
        ("418", "-", "via_upstream"), ("500", "-", "via_upstream"), ("200", "DC", "downstream_remote_disconnect"),
        ("503", "UO", "upstream_reset_before_response_started{overflow}"), ("404", "NR", "route_not_found"),
        ("429", "RL", "request_rate_limited"),
    ])
    func envoyAnswersThatAreNoPodsDrop(code: String, flags: String, details: String) {
        #expect(envoy(code, flags, details: details).isEmpty)
    }

    @Test func envoyNoHealthyUpstreamIsRolloutLevel() {
        for flags in ["UH", "NC"] {
            let s = envoy("503", flags, details: flags == "UH" ? "no_healthy_upstream" : "cluster_not_found", host: "-")
            #expect(s.count == 1)
            #expect(s.first?.noHealthyUpstream == true)
            #expect(s.first?.ip == nil && s.first?.pod == nil)
            #expect(s.first?.kind == "503 \(flags)")
        }
    }

    @Test func envoyDefaultFormatHasNoDetails() {
        let line = Self.envoyDefault.replacingOccurrences(of: "CODE", with: "503").replacingOccurrences(of: "FLAGS", with: "UF")
            .replacingOccurrences(of: "HOST", with: "10.244.2.9:8080")
        let r = one(line)
        #expect(r.format == .envoy)
        #expect(r.signals.map(\.ip) == ["10.244.2.9"])
        #expect(one(line.replacingOccurrences(of: "503 UF", with: "200 -")).signals.isEmpty)
    }

    @Test func envoyJSONTypedOrStringValues() {
        let typed = #"{"start_time":"2026-11-20T10:00:01.250Z","method":"GET","x-envoy-origin-path":"/api/cart","response_code":503,"response_flags":"UF","response_code_details":"upstream_reset_before_response_started{connection_failure}","duration":3,"upstream_host":"10.244.1.7:8080","upstream_cluster":"httproute/shop/web/rule/0"}"#
        let r = one(typed)
        #expect(r.format == .envoyJSON)
        #expect(r.signals.map(\.ip) == ["10.244.1.7"])
        #expect(r.signals.first?.service == "httproute/shop/web/rule/0")
        #expect(r.signals.first?.summary == "GET /api/cart 503 UF")
        let strings = #"{"start_time": "2026-11-20T10:00:01.250Z", "path": "/", "response_code": "0", "response_flags": "DC", "upstream_host": "10.244.1.7:8080", "duration": "2500"}"#
        #expect(one(strings).signals.count == 1)
        let uh = #"{"start_time":"2026-11-20T10:00:01.250Z","response_code":503,"response_flags":"UH","response_code_details":"no_healthy_upstream","upstream_host":null,"upstream_cluster":"httproute/shop/web/rule/0"}"#
        #expect(one(uh).signals.first?.noHealthyUpstream == true)
        let teapot = #"{"start_time":"2026-11-20T10:00:01.250Z","response_code":418,"response_flags":"-","response_code_details":"via_upstream","upstream_host":"10.244.1.7:8080"}"#
        #expect(one(teapot).signals.isEmpty)
        let contour = #"{"@timestamp":"2026-11-20T10:00:01.250Z","response_code":504,"response_flags":"UT","upstream_host":"10.244.1.7:8080"}"#
        #expect(one(contour).signals.map(\.status) == [504])
    }

    // MARK: Traefik

    @Test func traefikJSON() {
        func line(_ status: Int, origin: Int, server: String) -> String {
            #"{"StartUTC":"2026-11-20T10:00:01.25Z","Duration":3000000000,"DownstreamStatus":\#(status),"OriginStatus":\#(origin),"RequestMethod":"GET","RequestPath":"/api/cart","ServiceName":"shop-web-80@kubernetes",\#(server)"time":"2026-11-20T10:00:04Z"}"#
        }
        let v3 = one(line(502, origin: 0, server: #""ServiceAddr":"10.244.1.7:8080","ServiceURL":"http://10.244.1.7:8080","#))
        #expect(v3.format == .traefikJSON)
        #expect(v3.signals.map(\.ip) == ["10.244.1.7"])
        #expect(v3.signals.first?.requestStart == t("2026-11-20T10:00:01.25Z"))
        #expect(v3.signals.first?.time == t("2026-11-20T10:00:04.25Z"))
        let v2 = one(line(504, origin: 0, server: #""ServiceURL":{"Scheme":"http","Host":"10.244.2.9:8080"},"#))
        #expect(v2.signals.map(\.ip) == ["10.244.2.9"])
        #expect(one(line(499, origin: 0, server: #""ServiceAddr":"10.244.1.7:8080","#)).signals.count == 1)
        #expect(one(line(500, origin: 500, server: #""ServiceAddr":"10.244.1.7:8080","#)).signals.isEmpty)
        let none = one(line(503, origin: 0, server: ""))
        #expect(none.signals.first?.noHealthyUpstream == true)
        #expect(none.signals.first?.service == "shop-web-80@kubernetes")
    }

    @Test func traefikCommonLogFormat() {
        let line = #"203.0.113.24 - - [20/Nov/2026:10:00:01 +0000] "GET /api/cart HTTP/1.1" 502 11 "-" "curl/8.5.0" 81 "shop-web-80@kubernetes" "http://10.244.1.7:8080" 3ms"#
        let r = one(line)
        #expect(r.format == .traefikCLF)
        #expect(r.signals.map(\.ip) == ["10.244.1.7"])
        #expect(r.signals.first?.requestStart == t("2026-11-20T10:00:01Z"))
        #expect(r.signals.first?.time == t("2026-11-20T10:00:01.003Z"))
        let noServer = one(line.replacingOccurrences(of: "502", with: "503").replacingOccurrences(of: "\"http://10.244.1.7:8080\"", with: "\"-\""))
        #expect(noServer.signals.first?.noHealthyUpstream == true)
    }

    // MARK: AWS ALB

    func alb(_ elb: String, _ target: String, targetAddress: String = "10.244.1.7:8080") -> [Signal] {
        let line = "http 2026-11-20T10:00:04.186641Z app/k8s-shop-web/50dc6c495c0c9188 203.0.113.24:2817 \(targetAddress) -1 -1 -1 \(elb) \(target) 34 366 \"GET http://shop.example.com:80/api/cart HTTP/1.1\" \"curl/8.5.0\" - - arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/k8s-shop-web-1a2b3c4d5e/73e2d6bc24d8a067 \"Root=1-58337262-36d228ad5d99923122bbe354\" \"-\" \"-\" 0 2026-11-20T10:00:01.364000Z \"forward\" \"-\" \"-\" \"\(targetAddress)\" \"\(target)\" \"-\" \"-\" TID_1234"
        let r = one(line)
        #expect(r.format == .awsALB)
        return r.signals
    }

    @Test func albTargetFailuresAreThePodsDrops() {
        for (elb, target) in [("502", "-"), ("504", "-"), ("460", "-"), ("503", "-"), ("502", "502")] {
            let s = alb(elb, target)
            #expect(s.map(\.ip) == ["10.244.1.7"], "\(elb) \(target)")
            #expect(s.first?.requestStart == t("2026-11-20T10:00:01.364Z"))
            #expect(s.first?.time == t("2026-11-20T10:00:04.186641Z"))
        }
        #expect(alb("200", "200").isEmpty)
        #expect(alb("500", "500").isEmpty)
        #expect(alb("418", "418").isEmpty)
    }

    @Test func albWithoutATargetIsRolloutLevelOnlyFor503() {
        let s = alb("503", "-", targetAddress: "-")
        #expect(s.first?.noHealthyUpstream == true)
        #expect(s.first?.service?.contains("targetgroup/k8s-shop-web-1a2b3c4d5e") == true)
        #expect(alb("502", "-", targetAddress: "-").isEmpty)
        #expect(alb("400", "-", targetAddress: "-").isEmpty)
    }

    @Test func albConnectionLogLinesAreSkippedNotFatal() {
        var r = SignalParser.Result()
        let line = "2026-11-20T10:00:04.046726Z 203.0.113.24 47548 443 TLSv1.2 ECDHE-RSA-AES128-GCM-SHA256 4.036 \"-\" - - Success TID_1234"
        SignalParser.parseLine(Data(line.utf8), origin: "c.log", line: 7, into: &r)
        #expect(r.otherTypes == ["AWS ALB connection log lines": 1])
        #expect(r.firstSkipped == 7)
    }

    // MARK: HAProxy

    func haproxy(_ status: String, _ state: String, server: String = "web/10.244.1.7:8080", tail: String = "") -> [Signal] {
        let line = "<134>Nov 20 10:00:04 lb haproxy[27811]: 203.0.113.24:55012 [20/Nov/2026:10:00:01.250] http-in \(server) 0/0/-1/-1/3002 \(status) 212 - - \(state) 1/1/0/0/3 0/0 \"GET /api/cart HTTP/1.1\"\(tail)"
        let r = one(line)
        #expect(r.format == .haproxy)
        return r.signals
    }

    @Test func haproxyTerminationStates() {
        for (status, state) in [("503", "SC--"), ("503", "sC--"), ("502", "SH--"), ("504", "sH--"), ("-1", "SD--"), ("-1", "CC--"),
                                ("-1", "CH--"), ("502", "PH--")] {
            let s = haproxy(status, state)
            #expect(s.map(\.ip) == ["10.244.1.7"], "\(status) \(state)")
            #expect(s.first?.requestStart == t("2026-11-20T10:00:01.250Z"))
            #expect(s.first?.service == "web")
        }
        for (status, state) in [("200", "----"), ("500", "----"), ("-1", "CD--"), ("408", "cR--"), ("503", "sQ--"), ("400", "CR--")] {
            #expect(haproxy(status, state).isEmpty, "\(status) \(state)")
        }
        // The server's address at the end of a custom log-format (`%si:%sp`).
        #expect(haproxy("503", "SC--", server: "web/srv1", tail: " 10.244.2.9:8080").map(\.ip) == ["10.244.2.9"])
        let nosrv = haproxy("503", "SC--", server: "web/<NOSRV>")
        #expect(nosrv.first?.noHealthyUpstream == true)
    }

    // MARK: GCP

    @Test func gcpStatusDetails() {
        func entry(_ status: Int, _ details: String, server: String? = "10.244.1.7:8080") -> [Signal] {
            let ip = server.map { #","serverIp":"\#($0)""# } ?? ""
            let line = #"{"httpRequest":{"requestMethod":"GET","requestUrl":"https://shop.example.com/api/cart","status":\#(status),"latency":"3.002s"\#(ip)},"jsonPayload":{"@type":"type.googleapis.com/google.cloud.loadbalancing.type.LoadBalancerLogEntry","statusDetails":"\#(details)"},"resource":{"type":"http_load_balancer","labels":{"backend_service_name":"k8s1-1a2b3c4d-shop-web-80-5e6f7a8b"}},"timestamp":"2026-11-20T10:00:01.25Z"}"#
            let r = one(line)
            #expect(r.format == .gcpLoadBalancer)
            return r.signals
        }
        for details in ["backend_connection_closed_before_data_sent_to_client", "failed_to_connect_to_backend", "backend_timeout",
                        "client_disconnected_before_any_response"] {
            let s = entry(502, details)
            #expect(s.map(\.ip) == ["10.244.1.7"], "\(details)")
            #expect(s.first?.time == t("2026-11-20T10:00:04.252Z"))
        }
        #expect(entry(200, "response_sent_by_backend").isEmpty)
        #expect(entry(418, "response_sent_by_backend").isEmpty)
        let none = entry(502, "failed_to_pick_backend", server: nil)
        #expect(none.first?.noHealthyUpstream == true)
        #expect(none.first?.service == "k8s1-1a2b3c4d-shop-web-80-5e6f7a8b")
        // A failure without the server's address: unattributed, not rollout-level.
        let unknown = entry(502, "backend_timeout", server: nil)
        #expect(unknown.count == 1 && unknown[0].ip == nil && !unknown[0].noHealthyUpstream)
    }

    // MARK: --signal-fields

    @Test func customJSONThroughAFieldMapping() throws {
        let fields = try SignalFields.parse("time=when,address=backend,status=code").get()
        let r = one(#"{"when":"2026-11-20T10:00:01Z","backend":"10.244.1.7:8080","code":502,"route":"/api"}"#, fields: fields)
        #expect(r.format == .jsonFields)
        #expect(r.signals.map(\.ip) == ["10.244.1.7"])
        #expect(one(#"{"when":1795168801.5,"backend":"10.244.1.7:8080","code":200}"#, fields: fields).signals.isEmpty)
        // Without the mapping the same line is no signal at all.
        #expect(one(#"{"when":"2026-11-20T10:00:01Z","backend":"10.244.1.7:8080","code":502}"#).format == nil)
        // The README's example: keys the built-in JSON Lines would half-read (`ts`, `upstream`).
        let readme = try SignalFields.parse("time=ts,address=upstream,status=code").get()
        #expect(one(#"{"ts":"2026-11-20T10:00:01Z","upstream":"10.244.1.7:8080","code":502}"#, fields: readme).signals.count == 1)
    }

    @Test(arguments: [("address=upstream,status=code", "time=KEY is required"), ("time=ts,status=code", "address=KEY or pod=KEY"),
                      ("time=ts,address=a", "status=KEY or kind=KEY"), ("time=ts,address=a,status=s,colour=c", "unknown field 'colour'"),
                      ("time", "is not NAME=KEY")])
    func badFieldMappingsSayWhatIsWrong(spec: String, message: String) {
        guard case .failure(let e) = SignalFields.parse(spec) else { Issue.record("\(spec) was accepted"); return }
        #expect(e.description.contains(message), "\(e)")
    }

    // MARK: Hostile lines

    @Test func hostileLinesStayInertAndBounded() throws {
        var text = ""
        text += "[2026-11-20T10:00:01.250Z] \"GET /\u{1B}[2J\u{7} HTTP/1.1\" 503 UF - - \"-\" 0 0 1 - \"-\" \"\u{1B}]0;pwned\u{7}\" \"x\" \"y\" \"10.244.1.7:8080\" \u{1B}[31mcluster\n"
        text += String(repeating: "A", count: 200_000) + "\n"
        text += "{\"start_time\":\"2026-11-20T10:00:01Z\",\"response_code\":503,\"upstream_host\":\"10.2\n"
        text += "{\"time\":\"2026-11-20T10:00:01Z\",\"ip\":\"10.244.1.7\",\"status\":502" + String(repeating: ",\"x\":[", count: 600) + "\n"
        text += "\u{0}\u{0}\u{0}\n"
        text += "[pod/\u{1B}[2Jx/istio-proxy] " + String(repeating: "[", count: 70_000) + "\n"
        text += "http 2026-11-20T10:00:04Z" + String(repeating: " \"", count: 5000) + "\n"
        let (r, warnings) = try SignalParser.parse(file: temporaryFile(text, name: "hostile.log"))
        #expect(r.signals.count == 1)
        let s = try #require(r.signals.first)
        #expect(!s.summary.contains("\u{1B}"))
        #expect(!(s.service ?? "").contains("\u{1B}"))
        #expect(s.summary.count <= 200)
        #expect(r.skipped == 6)
        #expect(warnings.count == 1)
    }
}
