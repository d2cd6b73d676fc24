import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the prober sends its requests: an `http://` or `https://` URL, taken apart once,
/// before anything starts, so that a bad one is a usage error and not a stream of failures.
public struct ProbeTarget: Sendable, Equatable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case http, https

        var defaultPort: Int {
            switch self {
            case .http: 80
            case .https: 443
            }
        }
    }

    public var scheme: Scheme
    /// A DNS name or an IP address (an IPv6 one without its brackets).
    public var host: String
    public var port: Int
    /// Path and query, at least `/`; the fragment is the browser's and never sent.
    public var path: String
    /// The `Host` header: the host as the URL wrote it, with the port unless it is the default.
    public var hostHeader: String
    /// `Basic …` from `user:password@` in the URL: the only credentials the prober ever sends.
    public var authorization: String?

    public var description: String { "\(scheme.rawValue)://\(hostHeader)\(path)" }

    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Takes `text` apart, or says in one line what is wrong with it.
    public static func parse(_ text: String) throws(Invalid) -> ProbeTarget {
        func invalid(_ why: String) -> Invalid { Invalid(description: "'\(text)' is not a URL to probe: \(why)") }
        guard text.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 && $0.value != 0x7F }) else {
            throw invalid("spaces, control characters and non-ASCII characters must be percent-encoded")
        }
        guard let sep = text.range(of: "://") else { throw invalid("it needs http:// or https://") }
        guard let scheme = Scheme(rawValue: text[..<sep.lowerBound].lowercased()) else {
            throw invalid("only http:// and https:// can be probed")
        }
        var rest = text[sep.upperBound...]
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        let pathPart = rest[authorityEnd...]
        var authorization: String?
        if let at = authority.lastIndex(of: "@") {
            let userinfo = authority[..<at]
            authority = authority[authority.index(after: at)...]
            guard let decoded = userinfo.removingPercentEncoding else { throw invalid("its user:password is badly percent-encoded") }
            authorization = "Basic " + Data(decoded.utf8).base64EncodedString()
        }
        var host: String
        var portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("an IPv6 address needs its closing ]") }
            host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw invalid("only :PORT may follow an IPv6 address") }
                portText = after.dropFirst()
            }
            guard isIPv6(host) else { throw invalid("'\(host)' is not an IPv6 address") }
        } else {
            if let colon = authority.firstIndex(of: ":") {
                host = String(authority[..<colon])
                portText = authority[authority.index(after: colon)...]
            } else {
                host = String(authority)
            }
            guard !host.isEmpty else { throw invalid("it has no host") }
            guard host.utf8.count <= 253,
                  host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" }) else {
                throw invalid("'\(host)' is not a host name or an IP address")
            }
        }
        var port = scheme.defaultPort
        if let portText {
            guard let p = Int(portText), (1...65535).contains(p), portText.allSatisfy(\.isNumber) else {
                throw invalid("the port must be a number from 1 to 65535")
            }
            port = p
        }
        var path = String(pathPart)
        if path.isEmpty { path = "/" } else if path.hasPrefix("?") { path = "/" + path }
        let bracketed = host.contains(":") ? "[\(host)]" : host
        let hostHeader = port == scheme.defaultPort ? bracketed : "\(bracketed):\(port)"
        return ProbeTarget(scheme: scheme, host: host.lowercased(), port: port, path: path, hostHeader: hostHeader,
                           authorization: authorization)
    }

    static func isIPv6(_ s: String) -> Bool {
        var addr = in6_addr()
        return inet_pton(AF_INET6, s, &addr) == 1
    }

    static func isIPv4(_ s: String) -> Bool {
        var addr = in_addr()
        return inet_pton(AF_INET, s, &addr) == 1
    }
}
