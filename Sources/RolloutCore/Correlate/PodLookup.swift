/// The correlator's pods by name and by IP, as positions in its `order`, ascending: an
/// EndpointSlice's endpoints find their pods without a scan over every pod of a namespace.
/// Names are reused (a StatefulSet's pods) and so are IPs, so each key lists every holder.
struct PodLookup: Sendable, Equatable {
    struct Name: Hashable, Sendable {
        var namespace: String
        var name: String
    }

    /// What the lookup knows of a track: its name and how many IPs it has held.
    struct Entry {
        var name: Name
        var ips: Int
        init(_ t: PodTrack) {
            name = Name(namespace: t.pod.namespace, name: t.pod.name)
            ips = t.ips.count
        }
    }

    var byName: [Name: [Int]] = [:]
    var byIP: [String: [Int]] = [:]
    /// Each uid's position in `order`.
    var positions: [String: Int] = [:]

    init(order: [String], pods: [String: PodTrack]) {
        positions.reserveCapacity(order.count)
        for (position, uid) in order.enumerated() {
            let t = pods[uid]!
            positions[uid] = position
            add(position, name: Name(namespace: t.pod.namespace, name: t.pod.name))
            for ip in t.ips { add(position, ip: ip) }
        }
    }

    mutating func add(_ position: Int, name: Name) { PodLookup.insert(position, into: &byName[name, default: []]) }
    mutating func add(_ position: Int, ip: String) { PodLookup.insert(position, into: &byIP[ip, default: []]) }

    mutating func remove(_ position: Int, name: Name) {
        byName[name]?.removeAll { $0 == position }
        if byName[name]?.isEmpty == true { byName[name] = nil }
    }

    /// Keeps `list` ascending; positions mostly come in order, so mostly an append.
    static func insert(_ position: Int, into list: inout [Int]) {
        if let last = list.last, last > position {
            list.insert(position, at: list.partitioningIndex { $0 > position })
        } else {
            list.append(position)
        }
    }
}
