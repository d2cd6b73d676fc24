#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A thread of its own (not a pool's) with a stack as large as the main thread's, since
/// decoding recurses as deep as the input nests (up to `JSONReader.maxDepth`).
final class SecondThread {
    private var thread: pthread_t?
    private var joined = false

    /// Starts `body` on a new thread; nil when no thread can be made (the caller does the work).
    init?(_ body: @escaping () -> Void) {
        var attrs = pthread_attr_t()
        pthread_attr_init(&attrs)
        defer { pthread_attr_destroy(&attrs) }
        pthread_attr_setstacksize(&attrs, 16 << 20)
        let context = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var t = pthread_t()
        let rc = pthread_create(&t, &attrs, { context in
            Unmanaged<ThreadBody>.fromOpaque(context!).takeRetainedValue().body()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(context).release()
            return nil
        }
        thread = t
    }

    convenience init?<T>(_ job: SecondHalf<T>) {
        self.init { job.run() }
    }

    func join() {
        guard !joined, let thread else { return }
        joined = true
        pthread_join(thread, nil)
    }

    /// Lets the thread end on its own; it is not joined.
    func detach() {
        guard !joined, let thread else { return }
        joined = true
        pthread_detach(thread)
    }
}

final class ReleaseHolder<T> {
    var value: T?
    init(_ value: consuming T) { self.value = value }
}

final class ThreadBody {
    let body: () -> Void
    init(_ body: @escaping () -> Void) { self.body = body }
}

/// Work split over the machine's two cores (and no more: rollscope shares the machine).
public enum Parallel {
    /// Drops `value` on a thread of its own, so that freeing thousands of objects does not
    /// hold up the caller. The caller must hand over its last reference (`consume`).
    public static func releaseInBackground<T>(_ value: consuming T) {
        #if os(Linux)
        let holder = ReleaseHolder<T>(value)
        guard let thread = SecondThread({ holder.value = nil }) else { return }
        thread.detach()
        #endif
    }

    /// `body(i)` for every i in 0..<count, in order; halves computed at once on two threads
    /// when there are at least `minimum` elements. `body` must only read shared state.
    public static func map<T>(_ count: Int, minimum: Int = 256, _ body: (Int) -> T) -> [T] {
        #if os(Linux)
        guard count >= minimum, count >= 2 else { return (0..<count).map(body) }
        return inTwo(count, split: count / 2) { i, _ in body(i) }
        #else
        return (0..<count).map(body)
        #endif
    }

    /// `body(i, &items[i], inTwo)` for every i, in order; on two threads when there are at
    /// least two items weighing `minimumWeight` in all, split where half the total `weight` is
    /// (so that two halves of unequal items take about as long). `inTwo` tells the body the
    /// other core is busy with the other half (so it should not split its own work again).
    /// Each call has its own item to change or take from; `body` must only read shared state
    /// otherwise.
    public static func mapEach<T: Sendable, U: Sendable>(_ items: inout [T], minimumWeight: Int = 256, weight: (T) -> Int,
                                                         _ body: (Int, inout T, Bool) -> U) -> [U] {
        let count = items.count
        #if os(Linux)
        let total = items.reduce(0) { $0 + weight($1) }
        guard count >= 2, total >= minimumWeight else { return items.indices.map { body($0, &items[$0], false) } }
        var split = 0, sum = 0
        while split < count - 1 && 2 * (sum + weight(items[split])) <= total + weight(items[split]) {
            sum += weight(items[split])
            split += 1
        }
        // Each call reaches only its own element through the buffer, so the threads never meet.
        return items.withUnsafeMutableBufferPointer { elements in
            let items = elements.baseAddress!
            return inTwo(count, split: max(1, split)) { i, inTwo in body(i, &items[i], inTwo) }
        }
        #else
        return items.indices.map { body($0, &items[$0], false) }
        #endif
    }

    #if os(Linux)
    /// `value(i, inTwo)` for every i in 0..<count, in order: 0..<split here while a second
    /// thread does split..<count (here too, after, when no thread can be made). Each thread
    /// initialises its part of one buffer in place: no concatenation, no copies. `inTwo` says
    /// whether the other part is being done at the same time.
    private static func inTwo<U>(_ count: Int, split: Int, _ value: (Int, Bool) -> U) -> [U] {
        withoutActuallyEscaping(value) { value in
            [U](unsafeUninitializedCapacity: count) { buffer, initialized in
                let base = buffer.baseAddress!
                let thread = SecondThread {
                    for i in split..<count { (base + i).initialize(to: value(i, true)) }
                }
                for i in 0..<split { (base + i).initialize(to: value(i, thread != nil)) }
                if let thread {
                    thread.join()
                } else {
                    for i in split..<count { (base + i).initialize(to: value(i, false)) }
                }
                initialized = count
            }
        }
    }
    #endif
}
