import ArgumentParser
import Foundation
import RolloutCore
import RolloutLive
import Terminal

/// The flags `watch` and `record` share; kubectl's go straight to kubectl.
struct LiveOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("deployment/NAME, statefulset/NAME, daemonset/NAME or rollout/NAME, an Argo Rollout (or deploy/, sts/, ds/, ro/). Without it (and without -l): every workload in the namespace.", valueName: "TARGET"))
    var target: String?

    @Option(name: [.customShort("l"), .customLong("selector")], help: ArgumentHelp("Label selector of the pods to watch.", valueName: "SELECTOR"))
    var selector: String?

    @Option(name: .shortAndLong, help: "Namespace (passed to kubectl).")
    var namespace: String?

    @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Every namespace of the cluster in one dashboard: one cluster-wide watch per resource (kubectl get -A), workloads grouped by namespace.")
    var allNamespaces = false

    @Option(help: "kubeconfig context (passed to kubectl).")
    var context: String?

    @Option(help: ArgumentHelp("kubeconfig file (passed to kubectl).", valueName: "FILE"))
    var kubeconfig: String?

    @Option(help: ArgumentHelp("The kubectl binary to run.", valueName: "PATH"))
    var kubectl: String = "kubectl"

    @Option(help: "How often poll mode lists pods, events and EndpointSlices; either mode reads the workload every fifth interval. A duration: 2s, 500ms, 1m.")
    var interval: String = "2s"

    @Option(help: "How to follow the pods.")
    var mode: LiveConfig.Mode = .watch

    @Option(help: ArgumentHelp("Write everything observed to this recording (JSON Lines; secrets redacted).", valueName: "FILE"))
    var record: String?

    @Option(help: ArgumentHelp("Follow a growing proxy access log (ingress-nginx, Envoy/Istio, Envoy Gateway, Traefik, AWS ALB, HAProxy, GCP load balancer) or JSON Lines signal file, like tail -F.", valueName: "FILE"))
    var signals: String?

    @Option(name: .customLong("signals-cmd"), help: ArgumentHelp("Run this command (no shell) and read signals from its output, e.g. \"kubectl logs -f -n istio-system -l app=istio-ingressgateway --prefix\".", valueName: "CMD"))
    var signalsCmd: String?

    @OptionGroup var signalOptions: SignalOptions

    @Option(help: ArgumentHelp("Send requests to this http:// or https:// URL during the rollout, through the front door your users use, and show refused, reset and timed-out connections, 5xx answers and slow answers as signals. Redirects are not followed. Off unless given.", valueName: "URL"))
    var probe: String?

    @Option(name: .customLong("probe-rate"), help: ArgumentHelp("At most this many probe requests: 10/s, 600/m (at most 100/s).", valueName: "RATE"))
    var probeRate: String = "10/s"

    @Option(name: .customLong("probe-timeout"), help: ArgumentHelp("A probe request that has no whole answer after this long is a timeout. A duration: 2s, 500ms.", valueName: "DURATION"))
    var probeTimeout: String = "2s"

    @Option(name: .customLong("probe-slow"), help: ArgumentHelp("An answer that takes longer than this is shown as slow. A duration: 1s, 300ms.", valueName: "DURATION"))
    var probeSlow: String = "1s"

    @Option(name: .customLong("probe-pod-header"), help: ArgumentHelp("The answer's header that names the pod that served it, by name or IP (your app or proxy must set it). Failures then count for that pod; without it, or when no answer came, they count for the rollout.", valueName: "HEADER"))
    var probePodHeader: String?

    @Option(name: .customLong("probe-ca"), help: ArgumentHelp("Trust the CA certificates in this PEM file for https:// instead of the system's.", valueName: "FILE"))
    var probeCA: String?

    @Option(name: .customLong("keep-rollouts"), help: ArgumentHelp("For sessions left running for days: the last N rollouts of each workload (the current one included) stay in full; older ones are summarised, one line each under w, and their pods, events and signals let go, so memory stays bounded.", valueName: "N"))
    var keepRollouts: Int = Retention.live.keepRollouts

    @Option(name: .customLong("forget-after"), help: ArgumentHelp("Pods gone this long that no kept rollout holds (scaled down, evicted, or of a workload with no pods left) are summarised and let go too, with their events and signals. A duration: 30m, 1h, 6h.", valueName: "DURATION"))
    var forgetAfter: String = "1h"

    var retention: Retention {
        Retention(keepRollouts: keepRollouts, forgetAfter: Duration.seconds(forgetAfter) ?? Retention.live.forgetAfter)
    }

    func validate() throws {
        if keepRollouts < 1 || keepRollouts > 10_000 { throw ValidationError("--keep-rollouts must be from 1 to 10000") }
        guard let forget = Duration.seconds(forgetAfter), forget >= 60, forget <= 30 * 86_400 else {
            throw ValidationError("--forget-after must be a duration from 1m to 30 days, like 1h")
        }
        if target != nil && selector != nil { throw ValidationError("give KIND/NAME or -l SELECTOR, not both") }
        if allNamespaces {
            if namespace != nil { throw ValidationError("give -n NAMESPACE or -A (--all-namespaces), not both") }
            if let target { throw ValidationError("-A (--all-namespaces) watches every workload of the cluster; it takes no target ('\(target)'), watch that one with -n NAMESPACE") }
        }
        if let target, let problem = LiveTarget.problem(target) { throw ValidationError(problem) }
        if signals != nil && signalsCmd != nil { throw ValidationError("give --signals or --signals-cmd, not both") }
        guard let seconds = Duration.seconds(interval), seconds >= 0.2, seconds <= 3600 else {
            throw ValidationError("--interval must be a duration from 200ms to 1h, like 2s")
        }
        if let probe = try probeConfig() {
            // Here, before anything starts: no libssl, or a --probe-ca OpenSSL cannot read.
            do { _ = try Prober(probe) } catch { throw ValidationError("--probe: \(error.description)") }
        }
    }

    /// What the --probe options ask for; nil without --probe. Throws what is wrong with them.
    func probeConfig() throws(ValidationError) -> ProbeConfig? {
        guard let probe else {
            let given = [(probePodHeader, "--probe-pod-header"), (probeCA, "--probe-ca")].filter { $0.0 != nil }.map(\.1)
            if let first = given.first { throw ValidationError("\(first) needs --probe URL") }
            return nil
        }
        let target: ProbeTarget
        do { target = try ProbeTarget.parse(probe) } catch { throw ValidationError("--probe: \(error.description)") }
        guard let rate = ProbeConfig.rate(probeRate), rate >= 0.1, rate <= ProbeConfig.maxRate else {
            throw ValidationError("--probe-rate must be from 0.1/s to 100/s, like 10/s or 600/m")
        }
        guard let timeout = Duration.seconds(probeTimeout), timeout >= 0.05, timeout <= 60 else {
            throw ValidationError("--probe-timeout must be a duration from 50ms to 60s, like 2s")
        }
        guard let slow = Duration.seconds(probeSlow), slow > 0, slow <= timeout else {
            throw ValidationError("--probe-slow must be a duration above 0 and at most --probe-timeout, like 1s")
        }
        if let header = probePodHeader, !ProbeConfig.isHeaderName(header) {
            throw ValidationError("--probe-pod-header must be an HTTP header name, like X-Served-By")
        }
        if target.scheme == .http, probeCA != nil { throw ValidationError("--probe-ca is for https:// URLs") }
        return ProbeConfig(target: target, rate: rate, timeout: timeout, slow: slow, podHeader: probePodHeader, caFile: probeCA)
    }

    var liveTarget: LiveTarget {
        if let target, let t = LiveTarget.parse(target) { return t }
        if let selector { return .selector(selector) }
        return .namespace
    }

    var config: LiveConfig {
        LiveConfig(
            kubectl: Kubectl(path: kubectl, namespace: namespace, context: context, kubeconfig: kubeconfig, allNamespaces: allNamespaces),
            target: liveTarget, mode: mode, interval: Duration.seconds(interval) ?? 2,
            signalsFile: signals, signalsCommand: signalsCmd.map(CommandLineSplitter.split), signalOptions: signalOptions.options,
            probe: try? probeConfig())
    }

    /// Names the context, opens the recording and makes the session (not started yet). A
    /// signal while a FIFO waits for its reader ends the command (`LiveRun.Interrupted`).
    func open() throws -> LiveRun {
        do {
            return try LiveRun.open(config, recordPath: record, tool: "rollscope \(Rollscope.configuration.version)",
                                    pendingSignal: TerminalSignals.take)
        } catch let missing as LiveRun.NoSuchResource {
            printError("rollscope: \(missing.description)")
            throw ExitCode(2)
        }
    }
}

extension LiveConfig.Mode: ExpressibleByArgument, CaseIterable {
    public static var allCases: [LiveConfig.Mode] { [.watch, .poll] }

    public static var allValueDescriptions: [String: String] {
        Dictionary(uniqueKeysWithValues: allCases.map { mode in
            switch mode {
            case .watch: (mode.rawValue, "List, then follow kubectl's watch, which sees a terminating pod's brief final state.")
            case .poll: (mode.rawValue, "List every --interval; a pod's final state can fall between two lists.")
            }
        })
    }
}

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
