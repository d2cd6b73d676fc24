import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing

/// rollscope as people run it during a deploy: over SSH on a jump host. A real sshd on
/// loopback, a real ssh client in tmux; then the link drops (the client is SIGKILLed, as when
/// a laptop's Wi-Fi goes): nothing of ours may be left running on the host.
@Suite(.serialized, .enabled(if: SSHServer.available, "OpenSSH's sshd, ssh and ssh-keygen are not installed"))
struct SSHEndToEndTests {
    /// A symlink to the built rollscope with a unique name, so the remote process (started by
    /// sshd, not by us) can be told from every other rollscope on this machine.
    static func uniqueRollscope(in server: SSHServer) throws -> String {
        let link = server.path("rollscope-\(UUID().uuidString.prefix(8).lowercased())")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: Binary.rollscope)
        return link
    }

    /// The remote rollscope processes (argv[0] is the unique symlink).
    static func remote(_ link: String) -> [ProcessTable.Entry] {
        ProcessTable.find(link).filter { $0.argv.first == link }
    }

    /// SIGKILLs the ssh client and checks that the remote rollscope goes away, as the
    /// dropped link's SIGHUP (or the hung-up terminal) tells it to.
    static func dropTheLink(_ server: SSHServer, tmux: Tmux, link: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let clients = server.clients()
        try #require(clients.count == 1, "ssh clients: \(clients)", sourceLocation: sourceLocation)
        let remote = Self.remote(link)
        try #require(remote.count == 1, "remote rollscope: \(remote)", sourceLocation: sourceLocation)
        kill(clients[0].pid, SIGKILL)
        #expect(try tmux.wait(for: "EXIT=", seconds: 10).contains("EXIT=137"), "ssh was not killed", sourceLocation: sourceLocation)
        #expect(ProcessTable.waitUntil(seconds: 10) { !ProcessTable.isRunning(remote[0].pid) && Self.remote(link).isEmpty },
                "rollscope still running on the host after the link dropped: \(Self.remote(link))\n\(sshdLog(server))",
                sourceLocation: sourceLocation)
    }

    static func sshdLog(_ server: SSHServer) -> String {
        "sshd log:\n" + ((try? String(contentsOfFile: server.log, encoding: .utf8)) ?? "(none)")
    }

    @Test func aDroppedLinkEndsTheDemo() throws {
        let server = try SSHServer()
        defer { server.stop() }
        let link = try Self.uniqueRollscope(in: server)
        defer { ProcessTable.killRunning(Self.remote(link)) }
        let tmux = Tmux()
        defer { _ = try? tmux.run(["kill-server"]) }
        try tmux.start(server.sshCommand("\(link) demo sigkill --speed 2"))
        let s = try tmux.wait(for: "web-7d4b9c8f6d-", seconds: 30)
        try #require(s.contains("demo: sigkill") && s.contains("LIVE"), "no demo over ssh: \(s)\n\(Self.sshdLog(server))")
        #expect(s.contains("web-7d4b9c8f6d-"), "old pods not shown: \(s)")
        // LANG reached the remote side: Unicode box lines, not the ASCII fallback.
        #expect(s.contains("┌─ Timeline"), "no Unicode glyphs over ssh (LANG not passed?): \(s)")
        try Self.dropTheLink(server, tmux: tmux, link: link)
    }

    @Test func aDroppedLinkStopsWatchAndItsKubectl() throws {
        let cluster = try LiveEndToEndTests.Cluster(.sigkill, speed: 5)
        defer { withExtendedLifetime(cluster) {} }
        let server = try SSHServer()
        defer { server.stop() }
        let link = try Self.uniqueRollscope(in: server)
        let recording = cluster.path("ssh.rollout")
        defer { ProcessTable.killRunning(Self.remote(link) + ProcessTable.kubectl(kubeconfig: cluster.kubeconfig)) }
        // sshd gives the session its own PATH: name kubectl by its full path.
        let kubectl = try #require(ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":")
            .map { "\($0)/kubectl" }.first { FileManager.default.isExecutableFile(atPath: $0) })
        let tmux = Tmux()
        defer { _ = try? tmux.run(["kill-server"]) }
        try tmux.start(server.sshCommand("\(link) watch deployment/web -n shop --kubeconfig \(cluster.kubeconfig) --kubectl \(kubectl) --record \(recording) --interval 500ms"))
        let s = try tmux.wait(for: "web-7d4b9c8f6d-", seconds: 30)
        try #require(s.contains("shop/web") && s.contains("web-7d4b9c8f6d-"), "no watch over ssh: \(s)\n\(Self.sshdLog(server))")
        // kubectl runs for the remote rollscope: its pod watch and more.
        #expect(ProcessTable.waitUntil(seconds: 10) { ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).count >= 2 })
        let children = ProcessTable.kubectl(kubeconfig: cluster.kubeconfig)
        try Self.dropTheLink(server, tmux: tmux, link: link)
        #expect(ProcessTable.waitUntil(seconds: 5) { ProcessTable.kubectl(kubeconfig: cluster.kubeconfig).isEmpty },
                "kubectl left running after the link dropped: \(ProcessTable.kubectl(kubeconfig: cluster.kubeconfig))")
        for child in children { #expect(!ProcessTable.isRunning(child.pid), "kubectl \(child.pid) still running") }
        try SignalEndToEndTests.checkRecording(recording)
    }
}
