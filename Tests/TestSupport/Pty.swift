import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Pseudo-terminals for tests. posix_openpt and friends are not visible through Swift's Glibc
/// module (they need _XOPEN_SOURCE), so they are looked up at run time.
public enum Pty {
    typealias OpenPT = @convention(c) (Int32) -> Int32
    typealias IntOp = @convention(c) (Int32) -> Int32
    typealias PtsName = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

    static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        guard let handle = dlopen(nil, RTLD_NOW), let sym = dlsym(handle, name) else { return nil }
        return unsafeBitCast(sym, to: type)
    }

    /// A terminal whose other side is gone, as after a dropped SSH link: the master is opened
    /// and closed again, so writes to the returned descriptor fail with EIO. Close-on-exec.
    public static func hungUpTerminal() -> Int32? {
        guard let openpt = symbol("posix_openpt", as: OpenPT.self), let grant = symbol("grantpt", as: IntOp.self),
              let unlock = symbol("unlockpt", as: IntOp.self), let ptsname = symbol("ptsname", as: PtsName.self) else { return nil }
        let master = openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard master >= 0 else { return nil }
        defer { close(master) }
        guard grant(master) == 0, unlock(master) == 0, let name = ptsname(master) else { return nil }
        let slave = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)
        return slave >= 0 ? slave : nil
    }
}
