import RolloutCore
@testable import RolloutUI
import Testing

/// The dashboard of `watch -A`: workloads of many namespaces grouped under a heading each, the
/// namespace with a rollout first, `/` matching namespaces, cluster text cleaned.
@Suite struct AllNamespacesViewTests {
    static func rollout(_ ns: String, _ name: String, _ state: RolloutProgress.State = .steady, kind: WorkloadKind? = nil) -> Rollout {
        var r = Sample.rollout(state, findings: [])
        r.namespace = ns
        r.workload = name
        r.kind = kind
        for i in r.pods.indices {
            r.pods[i].namespace = ns
            r.pods[i].workload = name
            r.pods[i].name = name + r.pods[i].name.drop { $0 != "-" }
        }
        return r
    }

    @Test func namespacesWithARolloutComeFirstThenByName() {
        let rollouts = [Self.rollout("team-02", "web"), Self.rollout("team-01", "web"), Self.rollout("shop", "web"),
                        Self.rollout("zeta", "api"), Self.rollout("zeta", "web", .rolling), Self.rollout("alpha", "db")]
        let order = ViewModel.workloadOrder(rollouts).map { rollouts[$0].namespace + "/" + rollouts[$0].workload }
        #expect(order == ["zeta/web", "zeta/api", "alpha/db", "shop/web", "team-01/web", "team-02/web"])
    }

    @Test func theFilterMatchesNamespaceAndName() {
        let rollouts = [Self.rollout("shop", "web"), Self.rollout("shop", "api"), Self.rollout("team-01", "web")]
        func shown(_ filter: String) -> [String] {
            ViewModel.workloadOrder(rollouts, filter: filter).map { rollouts[$0].namespace + "/" + rollouts[$0].workload }
        }
        #expect(shown("shop") == ["shop/api", "shop/web"])
        #expect(shown("shop/web") == ["shop/web"])
        #expect(shown("SHOP/W") == ["shop/web"])
        #expect(shown("web") == ["shop/web", "team-01/web"])
        #expect(shown("nothing").isEmpty)
        // Pods too: the filter keeps `namespace/pod` matches.
        let pods = rollouts[0].pods
        #expect(ViewModel.arrange(pods, filter: "shop/", sort: .rollout).count == pods.count)
        #expect(ViewModel.arrange(pods, filter: "team-01/", sort: .rollout).isEmpty)
    }

    @Test func theDashboardGroupsByNamespaceAndFitsEightyColumns() {
        let rollouts = [Self.rollout("shop", "web", .rolling), Self.rollout("team-01", "api"), Self.rollout("team-01", "web"),
                        Self.rollout("team-02", "db", kind: .statefulSet)]
        var buf = ScreenBuffer(width: 80, height: 24)
        Panes.workloads(&buf, rollouts: rollouts, total: 4, state: Sample.state(), glyphs: .ascii)
        let rows = buf.rows
        #expect(rows.contains { $0.contains("Workloads (4 in 3 namespaces)  Enter opens, / filters, Esc closes") }, "\(rows)")
        let body = rows.filter { $0.contains("| ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(body == [
            "| WORKLOAD                          STATE        NEW READY  OLD  FINDINGS  |",
            "| -- shop  1 workload, 1 rolling                                           |",
            "| shop/web                          rolling      1/1        0    -         |",
            "| -- team-01  2 workloads                                                  |",
            "| team-01/api                       steady       1/1        0    -         |",
            "| team-01/web                       steady       1/1        0    -         |",
            "| -- team-02  1 workload                                                   |",
            "| team-02/db (sts)                  steady       1/1        0    -         |",
            "|                                                                          |",
        ], "\(rows.joined(separator: "\n"))")
    }

    @Test func theCursorStaysOnScreenAmongHeadings() {
        let rollouts = (1...40).flatMap { n in ["api", "web"].map { Self.rollout("team-\(n)", $0) } }
        var state = Sample.state()
        state.workloadCursor = 79
        var buf = ScreenBuffer(width: 80, height: 24)
        Panes.workloads(&buf, rollouts: rollouts, state: state, glyphs: .ascii)
        let text = buf.rows.joined(separator: "\n")
        #expect(text.contains("team-40/web"), "\(text)")
    }

    @Test func clusterTextIsCleaned() {
        let rollouts = [Self.rollout("evil\u{1B}[2J", "web\u{7}"), Self.rollout("shop", "web")]
        var buf = ScreenBuffer(width: 80, height: 24)
        Panes.workloads(&buf, rollouts: rollouts, state: Sample.state(), glyphs: .ascii)
        let text = buf.rows.joined()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(text.contains("evil"))
    }
}

/// The filter's search: `namespace/name`, any case; ASCII compared byte by byte, other text
/// lowercased as Swift does.
@Suite struct FilterMatchTests {
    @Test(arguments: [
        ("shop", "web-7d4b9c-x2x", "web", true), ("shop", "web-7d4b9c-x2x", "WEB-7D", true),
        ("shop", "web-7d4b9c-x2x", "shop/web", true), ("shop", "web-7d4b9c-x2x", "p/w", true),
        ("shop", "web-7d4b9c-x2x", "x2x", true), ("shop", "web-7d4b9c-x2x", "x2xx", false),
        ("shop", "web-7d4b9c-x2x", "shop/api", false), ("Shop", "Web", "shop/web", true),
        ("shop", "web", "shop/web/", false), ("ns", "café-1", "CAFÉ", true), ("ns", "café-1", "cafe", false),
        ("ns", "web", "wéb", false),
    ])
    func matchesNamespaceSlashName(namespace: String, name: String, filter: String, expected: Bool) {
        #expect(ViewModel.contains(namespace, name, folded: Array(filter.lowercased().utf8)) == expected)
        // The same answer as lowercasing both and searching, for every case above.
        #expect((namespace + "/" + name).lowercased().contains(filter.lowercased()) == expected)
    }
}
