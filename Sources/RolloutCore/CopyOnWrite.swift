/// A large value kept behind one reference: copying it costs one retain; writing to a copy
/// that shares its storage copies the value first (copy on write). Pod, PodTrack and
/// PodTimeline keep their fields in one, since thousands of each are copied into lists,
/// checkpoints, drafts, views and reports, and most copies are never written.
struct CopyOnWrite<Value: Sendable>: Sendable {
    /// Written only through `value`'s `_modify`, after a uniqueness check, so no two owners
    /// ever write the same box: that is what makes it safe to send. (Exclusivity is checked
    /// on the owner, whose every access to the box goes through `value`.)
    private final class Box: @unchecked Sendable {
        @exclusivity(unchecked) var value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    init(_ value: Value) { box = Box(value) }

    var value: Value {
        _read { yield box.value }
        _modify {
            if !isKnownUniquelyReferenced(&box) { box = Box(box.value) }
            yield &box.value
        }
    }

    /// True when both share one storage (and so hold the same value).
    func isShared(with other: CopyOnWrite) -> Bool { box === other.box }
}
