import Foundation
import RolloutCore

/// How to run kubectl: the binary and the flags that go straight to it. Every call is an
/// argv; nothing passes through a shell.
public struct Kubectl: Sendable, Equatable {
    public var path: String
    public var namespace: String?
    public var context: String?
    public var kubeconfig: String?
    /// `-A`: every `get` of a list or watch spans all namespaces (`--all-namespaces`), one
    /// request per resource for the whole cluster; `namespace` is then nil.
    public var allNamespaces = false
    /// Bound on each non-watch request, so a hanging server is noticed.
    public var requestTimeout = "10s"

    public init(path: String = "kubectl", namespace: String? = nil, context: String? = nil, kubeconfig: String? = nil,
                allNamespaces: Bool = false) {
        self.path = path
        self.namespace = allNamespaces ? nil : namespace
        self.context = context
        self.kubeconfig = kubeconfig
        self.allNamespaces = allNamespaces
    }

    var globalFlags: [String] {
        var f: [String] = []
        if let kubeconfig { f += ["--kubeconfig", kubeconfig] }
        if let context { f += ["--context", context] }
        if let namespace { f += ["--namespace", namespace] }
        return f
    }

    /// `--all-namespaces` after the resource of a list or watch, when `-A` was given.
    var scopeFlags: [String] { allNamespaces ? ["--all-namespaces"] : [] }

    /// `kubectl get RESOURCE [-A] [-l SELECTOR] -o json`
    public func list(_ resource: String, selector: String? = nil) -> [String] {
        [path] + globalFlags + ["get", resource] + scopeFlags + (selector.map { ["-l", $0] } ?? [])
            + ["-o", "json", "--request-timeout", requestTimeout]
    }

    /// `kubectl get --raw PATH`: a cheap request that shows whether the server answers.
    public func raw(_ path: String) -> [String] {
        [self.path] + globalFlags + ["get", "--raw", path, "--request-timeout", requestTimeout]
    }

    /// `kubectl get RESOURCE NAME -o json`
    public func get(_ resource: String, _ name: String) -> [String] {
        [path] + globalFlags + ["get", resource, name, "-o", "json", "--request-timeout", requestTimeout]
    }

    /// `kubectl get RESOURCE [-A] [-l SELECTOR] -w -o json --output-watch-events`: lists, then
    /// watches from that list's resourceVersion, so nothing falls between the two. With `-A`
    /// one watch covers the whole cluster.
    public func watch(_ resource: String, selector: String? = nil) -> [String] {
        [path] + globalFlags + ["get", resource] + scopeFlags + (selector.map { ["-l", $0] } ?? [])
            + ["--watch", "--output", "json", "--output-watch-events"]
    }

    public func watchPods(selector: String?) -> [String] { watch("pods", selector: selector) }

    /// `kubectl config current-context`: the kubeconfig's current context.
    public var currentContext: [String] {
        [path] + (kubeconfig.map { ["--kubeconfig", $0] } ?? []) + ["config", "current-context"]
    }

    /// The context kubectl will use: --context, else the kubeconfig's current one. Local, but
    /// bounded all the same (a broken kubectl or exec plugin must not hang start-up).
    public func contextName(runner: ChildRunner = ChildRunner(), limit: Double = 3) -> String {
        if let context { return context }
        let (outcome, output) = runner.capture(currentContext, limit: limit)
        let name = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return outcome.status == 0 && !name.isEmpty ? Sanitizer.clean(String(name.prefix(60))) : "current context"
    }
}
