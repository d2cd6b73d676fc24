import ArgumentParser
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RolloutCore
import RolloutLive

/// The flags `watch` and `record` share; kubectl's go straight to kubectl.
struct LiveOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("deployment/NAME. Without it (and without -l), every workload in the namespace.", valueName: "TARGET"))
    var target: String?

    @Option(name: [.customShort("l"), .customLong("selector")], help: ArgumentHelp("Label selector of the pods to watch.", valueName: "SELECTOR"))
    var selector: String?

    @Option(name: .shortAndLong, help: "Namespace (passed to kubectl).")
    var namespace: String?

    @Option(help: "kubeconfig context (passed to kubectl).")
    var context: String?

    @Option(help: ArgumentHelp("kubeconfig file (passed to kubectl).", valueName: "FILE"))
    var kubeconfig: String?

    @Option(help: ArgumentHelp("The kubectl binary to run.", valueName: "PATH"))
    var kubectl: String = "kubectl"

    @Option(help: "How often to poll: pods in poll mode; events, EndpointSlices and the Deployment always (2s, 500ms, 1m).")
    var interval: String = "2s"

    @Option(help: "watch (default: a list, then kubectl's watch, which sees a terminating pod's brief final state) or poll.")
    var mode: LiveConfig.Mode = .watch

    @Option(help: ArgumentHelp("Write everything observed to this recording (JSON Lines; secrets redacted).", valueName: "FILE"))
    var record: String?

    @Option(help: ArgumentHelp("Follow a growing ingress-nginx access log or JSON Lines signal file, like tail -F.", valueName: "FILE"))
    var signals: String?

    @Option(name: .customLong("signals-cmd"), help: ArgumentHelp("Run this command (no shell) and read signals from its output, e.g. \"kubectl logs -f -n ingress-nginx deploy/ingress-nginx-controller\".", valueName: "CMD"))
    var signalsCmd: String?

    @Option(name: .customLong("keep-rollouts"), help: ArgumentHelp("For sessions left running for days: per workload, the last N rollouts (the current one included) keep full pod timelines; older ones become one summary line each (counts, findings, worst termination, span) under w, and their pods, events, endpoints and signals are dropped from memory. Checked every few thousand changes, so a normal rollout never reaches it.", valueName: "N"))
    var keepRollouts: Int = Retention.live.keepRollouts

    @Option(name: .customLong("forget-after"), help: ArgumentHelp("Also summarised and dropped: pods gone this long that are not part of a kept rollout (scaled down, evicted, replaced, or of a workload with no pods left), and events and signals no kept pod claims (30m, 1h, 6h).", valueName: "DURATION"))
    var forgetAfter: String = "1h"

    var retention: Retention {
        Retention(keepRollouts: keepRollouts, forgetAfter: Duration.seconds(forgetAfter) ?? Retention.live.forgetAfter)
    }

    func validate() throws {
        if keepRollouts < 1 || keepRollouts > 10_000 { throw ValidationError("--keep-rollouts must be from 1 to 10000") }
        guard let forget = Duration.seconds(forgetAfter), forget >= 60, forget <= 30 * 86_400 else {
            throw ValidationError("--forget-after must be a duration from 1m to 30 days, like 1h")
        }
        _ = forget
        if target != nil && selector != nil { throw ValidationError("give deployment/NAME or -l SELECTOR, not both") }
        if let target, LiveTarget.parse(target) == nil { throw ValidationError("TARGET must be deployment/NAME, not '\(target)'") }
        if signals != nil && signalsCmd != nil { throw ValidationError("give --signals or --signals-cmd, not both") }
        guard let seconds = Duration.seconds(interval), seconds >= 0.2, seconds <= 3600 else {
            throw ValidationError("--interval must be a duration from 200ms to 1h, like 2s")
        }
        _ = seconds
    }

    var liveTarget: LiveTarget {
        if let target, let t = LiveTarget.parse(target) { return t }
        if let selector { return .selector(selector) }
        return .namespace
    }

    var config: LiveConfig {
        LiveConfig(
            kubectl: Kubectl(path: kubectl, namespace: namespace, context: context, kubeconfig: kubeconfig),
            target: liveTarget, mode: mode, interval: Duration.seconds(interval) ?? 2,
            signalsFile: signals, signalsCommand: signalsCmd.map(CommandLineSplitter.split))
    }

    /// The context kubectl will use: --context, else the kubeconfig's current one. Local, but
    /// bounded all the same (a broken kubectl or exec plugin must not hang start-up).
    func contextName() -> String {
        if let context { return context }
        var argv = [kubectl]
        if let kubeconfig { argv += ["--kubeconfig", kubeconfig] }
        argv += ["config", "current-context"]
        guard let child = try? ChildProcess(argv: argv) else { return "current context" }
        let watchdog = Thread {
            let deadline = Date().addingTimeInterval(3)
            while Date() < deadline && kill(child.pid, 0) == 0 { usleep(50_000) }
            child.terminate(grace: 0.2)
        }
        watchdog.start()
        var out = Data()
        let errors = Thread { _ = child.readErrors() }
        errors.start()
        child.readOutput { out.append($0) }
        let name = String(decoding: out, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return child.wait() == 0 && !name.isEmpty ? Sanitizer.clean(String(name.prefix(60))) : "current context"
    }

    /// Opens the recording named by --record, if any.
    func recorder(mode: String, context: String) throws -> Recorder? {
        guard let record else { return nil }
        let header = Recording.Header(startedAt: WallClock.now(), target: liveTarget.description, namespace: namespace,
                                      context: context, mode: mode, tool: "rollscope \(Rollscope.configuration.version)")
        return try Recorder(path: record, header: header)
    }
}

extension LiveConfig.Mode: ExpressibleByArgument {}

/// Durations as people type them: 2s, 500ms, 1m, 1m30s, 1h, or plain seconds.
enum Duration {
    static func seconds(_ text: String) -> Double? {
        if let v = Double(text) { return v }
        var total = 0.0
        var number = ""
        var rest = Substring(text)
        while let c = rest.first {
            if c.isNumber || c == "." { number.append(c); rest.removeFirst(); continue }
            guard let v = Double(number) else { return nil }
            if rest.hasPrefix("ms") { total += v / 1000; rest.removeFirst(2) }
            else if c == "s" { total += v; rest.removeFirst() }
            else if c == "m" { total += v * 60; rest.removeFirst() }
            else if c == "h" { total += v * 3600; rest.removeFirst() }
            else { return nil }
            number = ""
        }
        return number.isEmpty ? total : nil
    }
}

/// The only place the executable reads the wall clock: live observation times.
enum WallClock {
    static func now() -> Instant { Instant(seconds: Date().timeIntervalSince1970) }
}

/// One line describing what is wrong with the live source, for the screen or stderr.
func describeProblem(_ status: LiveStatus, now: Instant) -> String? {
    guard let problem = status.problem else { return nil }
    // Age and retry first: kubectl's line is long and a narrow screen cuts its end.
    var facts = [status.lastGoodData.map { "last good data \(formatDuration(max(0, now - $0))) ago" } ?? "no data yet"]
    if let retry = status.retryIn { facts.append("retry in \(formatDuration(retry))") }
    return "[\(facts.joined(separator: ", "))] kubectl: " + problem
}
